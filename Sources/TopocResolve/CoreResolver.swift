import TopocBind
import TopocModel

/// Resolves the mobile core: each NF's endpoints (address and standard port per interface, on the network
/// it shares with its peers), DNN pools with gateways and tun devices, slices as S-NSSAIs with their SMF,
/// UPF and NRF, gNBs and UE groups with their defaults.
struct CoreResolver {
    let bound: BoundTopology
    let topology: Topology
    let core: Core
    var addressing: CoreAddressing

    init(bound: BoundTopology, core: Core, vms: [ResolvedVM], plan: AddressPlan) {
        self.bound = bound
        topology = bound.topology
        self.core = core
        addressing = CoreAddressing(vms: vms, plan: plan)
    }

    /// NFs, then gNBs.
    mutating func resolve() -> ResolvedCore {
        var functions: [ResolvedNF] = []
        for position in core.functions.indices { functions.append(resolveNF(position)) }
        var gnbs: [ResolvedGNB] = []
        for (index, gnb) in topology.ran.gnbs.enumerated() { gnbs.append(resolveGNB(index, gnb)) }
        let slices = topology.slices.map(resolveSlice)
        var resolved = ResolvedCore(
            software: core.software, plmn: core.plmn, tacs: core.tacs, functions: functions,
            dnns: resolveDNNs(slices), slices: slices, gnbs: gnbs,
            ues: topology.ran.ues.map { resolveUE($0, slices: slices) })
        resolved.sessions = bound.sessions.map {
            ResolvedSession(
                smf: core.functions[$0.smf].name, upf: core.functions[$0.upf].name,
                dnns: $0.dnns.map { core.dnns[$0].name })
        }
        return resolved
    }

    // MARK: - Network functions

    mutating func resolveNF(_ position: Int) -> ResolvedNF {
        let nf = core.functions[position]
        var resolved = ResolvedNF(name: nf.name, kind: nf.kind, placement: nf.placement, config: nf.config)
        for interface in bound.interfaces(of: nf.kind) {
            resolved.endpoints[interface] = endpoint(position, interface)
        }
        return resolved
    }

    /// Where the NF serves `interface`: a pod by its Service name, an NF on a VM on the network Bind chose.
    mutating func endpoint(_ position: Int, _ interface: NFInterface) -> NFEndpoint? {
        let nf = core.functions[position]
        switch nf.placement {
        case .pod:
            return NFEndpoint(address: nf.name, port: interface.defaultPort)
        case .vm(let vm):
            guard let network = bound.network(of: position, interface),
                let address = addressing.address(of: AddressPlan.function(nf.name), on: vm, network: network)
            else { return nil }
            return NFEndpoint(address: address.description, port: interface.defaultPort, network: network)
        }
    }

    // MARK: - Slices and DNNs

    func only(_ kind: NFKind) -> String? {
        let matching = core.functions.filter { $0.kind == kind }
        return matching.count == 1 ? matching[0].name : nil
    }

    func resolveSlice(_ slice: Slice) -> ResolvedSlice {
        let dnnUPF = slice.dnns.compactMap { name in core.dnns.first { $0.name == name }?.upf }.first
        return ResolvedSlice(
            name: slice.name, snssai: SNSSAI(sst: slice.sst, sd: slice.sd), dnns: slice.dnns,
            smf: slice.smf ?? only(.smf), upf: slice.upf ?? dnnUPF ?? only(.upf), nrf: slice.nrf ?? only(.nrf))
    }

    /// Tun devices are numbered per VM (not per UPF): two UPFs on one VM must not both open `ogstun`.
    func resolveDNNs(_ slices: [ResolvedSlice]) -> [ResolvedDNN] {
        var tunsPerHost: [String: Int] = [:]
        return core.dnns.enumerated().map { position, dnn in
            let upf = bound.dnnUPFs[position].map { core.functions[$0].name } ?? ""
            let host =
                core.functions.first { $0.name == upf }.flatMap { nf -> String? in
                    if case .vm(let vm) = nf.placement { return "vm:\(vm)" }
                    return nil
                } ?? "nf:\(upf)"
            let count = tunsPerHost[host, default: 0] + 1
            tunsPerHost[host] = count
            var resolved = ResolvedDNN(
                name: dnn.name, subnet: dnn.subnet, gateway: dnn.gateway ?? Self.firstHost(dnn.subnet), upf: upf,
                tunDevice: count == 1 ? "ogstun" : "ogstun\(count)", mtu: dnn.mtu ?? 1400,
                slices: slices.filter { $0.dnns.contains(dnn.name) }.map(\.snssai))
            resolved.smfs = bound.dnnSMFs[position].map { core.functions[$0].name }
            return resolved
        }
    }

    static func firstHost(_ subnet: UESubnet) -> String {
        switch subnet {
        case .v4(let pool): IPv4Address(pool.network.value &+ 1).description
        case .v6(let pool): pool.network.adding(1).description
        }
    }

    // MARK: - RAN

    mutating func resolveGNB(_ index: Int, _ gnb: GNB) -> ResolvedGNB {
        let amf = bound.gnbAMFs[index].map { core.functions[$0].name }
        // Without `on` or `pod`, where Bind placed it: beside its AMF.
        let placement = gnb.placement ?? bound.gnbVMs[index].map { Placement.vm(topology.vms[$0].name) }
        var address: String?
        var gtpAddress: String?
        switch placement {
        case .vm(let vm)?:
            let networks = bound.gnbBindings[index]
            if let network = networks.ngap {
                address = addressing.address(of: AddressPlan.ran(gnb.name), on: vm, network: network)?.description
            }
            if let network = networks.gtpu {
                gtpAddress = addressing.address(of: AddressPlan.ran(gnb.name), on: vm, network: network)?.description
            }
        case .pod?:
            // Its Multus address where Bind found a network for it; else its Service name, as for NFs in pods.
            let network = bound.gnbBindings[index].ngap
            address =
                network.flatMap { addressing.plan.ipv4(of: AddressPlan.ran(gnb.name), on: $0) }?.description
                ?? gnb.name
        case nil: address = nil
        }
        let slices = (gnb.slices ?? topology.slices.map(\.name)).compactMap { name in
            topology.slices.first { $0.name == name }.map { SNSSAI(sst: $0.sst, sd: $0.sd) }
        }
        var resolved = ResolvedGNB(
            name: gnb.name, software: gnb.software, placement: placement, address: address,
            tac: gnb.tac ?? core.tacs.first ?? 1, nci: gnb.nci ?? UInt64(index + 1) << 4, slices: slices, amf: amf)
        resolved.gtpAddress = gtpAddress ?? address
        return resolved
    }

    func resolveUE(_ ue: UEGroup, slices: [ResolvedSlice]) -> ResolvedUEGroup {
        let chosen = (ue.slices ?? slices.map(\.name)).compactMap { name in slices.first { $0.name == name } }
        let gnbs = topology.ran.gnbs
        return ResolvedUEGroup(
            name: ue.name, software: ue.software, placement: ue.placement,
            gnb: ue.gnb ?? (gnbs.count == 1 ? gnbs[0].name : nil), imsi: ue.imsi, count: ue.count, key: ue.key,
            opc: ue.opc, slices: chosen.map(\.snssai),
            dnn: ue.dnn ?? chosen.first?.dnns.first ?? core.dnns.first?.name)
    }
}
