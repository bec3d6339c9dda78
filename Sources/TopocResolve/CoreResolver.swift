import TopocModel

/// Resolves the mobile core: each NF's endpoints (address and standard port per interface, on the network
/// it shares with its peers), DNN pools with gateways and tun devices, slices as S-NSSAIs with their SMF,
/// UPF and NRF, gNBs and UE groups with their defaults.
struct CoreResolver {
    let topology: Topology
    let core: Core
    var addressing: CoreAddressing

    init(topology: Topology, core: Core, vms: [ResolvedVM]) {
        self.topology = topology
        self.core = core
        addressing = CoreAddressing(vms: vms, topology: topology)
    }

    /// NFs first, in declaration order (so the first NF on a VM gets the VM's address), then gNBs.
    mutating func resolve() -> ResolvedCore {
        var functions: [ResolvedNF] = []
        for nf in core.functions { functions.append(resolveNF(nf)) }
        var gnbs: [ResolvedGNB] = []
        for (index, gnb) in topology.ran.gnbs.enumerated() { gnbs.append(resolveGNB(index, gnb)) }
        let slices = topology.slices.map(resolveSlice)
        return ResolvedCore(
            software: core.software, plmn: core.plmn, tacs: core.tacs, functions: functions,
            dnns: resolveDNNs(slices), slices: slices, gnbs: gnbs,
            ues: topology.ran.ues.map { resolveUE($0, slices: slices) })
    }

    // MARK: - Network functions

    /// The interfaces each kind serves; EPC-only ones appear when the core has the NFs they talk to.
    func interfaces(of kind: NFKind) -> [NFInterface] {
        let kinds = Set(core.functions.map(\.kind))
        switch kind {
        case .nrf, .scp, .ausf, .udm, .udr, .nssf, .bsf: return [.sbi]
        case .pcf: return [.sbi, .metrics]
        case .amf: return [.sbi, .ngap, .metrics]
        case .smf:
            return [.sbi, .pfcp, .gtpu, .metrics] + (kinds.contains(.mme) ? [.gtpc] : [])
                + (kinds.contains(.pcrf) ? [.diameter] : [])
        case .upf: return [.pfcp, .gtpu, .metrics]
        case .mme: return [.s1ap, .gtpc, .diameter, .metrics]
        case .sgwc: return [.gtpc, .pfcp]
        case .sgwu: return [.pfcp, .gtpu]
        case .hss, .pcrf: return [.diameter, .metrics]
        case .mysql: return [.database]
        }
    }

    /// The VMs a kind's interface talks to.
    func peers(_ kind: NFKind, _ interface: NFInterface) -> [String] {
        func vms(_ kinds: [NFKind]) -> [String] {
            core.functions.filter { kinds.contains($0.kind) }.compactMap { nf in
                if case .vm(let vm) = nf.placement { return vm }
                return nil
            }
        }
        let ran = topology.ran.gnbs.compactMap { gnb -> String? in
            if case .vm(let vm)? = gnb.placement { return vm }
            return nil
        }
        switch (kind, interface) {
        case (.nrf, .sbi): return vms(NFKind.allCases.filter { $0 != .nrf })
        case (_, .sbi), (_, .metrics): return vms([.nrf, .scp])
        case (.smf, .pfcp), (.smf, .gtpu): return vms([.upf])
        case (.upf, .pfcp): return vms([.smf])
        case (.sgwc, .pfcp): return vms([.sgwu])
        case (.sgwu, .pfcp): return vms([.sgwc])
        case (.upf, .gtpu), (.sgwu, .gtpu): return ran.isEmpty ? vms([.smf, .sgwc]) : ran
        case (_, .gtpc): return vms([.mme, .sgwc, .smf])
        case (_, .ngap), (_, .s1ap): return ran.isEmpty ? vms([.nrf, .hss]) : ran
        case (.mme, .diameter), (.pcrf, .diameter): return vms([.hss, .smf, .mme])
        case (_, .diameter): return vms([.mme, .pcrf])
        case (_, .database): return vms([.udr, .udm, .ausf])
        default: return []
        }
    }

    mutating func resolveNF(_ nf: NetworkFunction) -> ResolvedNF {
        var resolved = ResolvedNF(name: nf.name, kind: nf.kind, placement: nf.placement, config: nf.config)
        for interface in interfaces(of: nf.kind) {
            resolved.endpoints[interface] = endpoint(nf, interface)
        }
        return resolved
    }

    /// The control-plane networks (where the NRF's SBI is): GTP-U prefers another one when it can.
    var controlNetworks: Set<String> {
        let nrfVMs = core.functions.filter { $0.kind == .nrf }.compactMap { nf -> String? in
            if case .vm(let vm) = nf.placement { return vm }
            return nil
        }
        return Set(nrfVMs.compactMap { addressing.network(for: $0, peers: peers(.nrf, .sbi)) })
    }

    mutating func endpoint(_ nf: NetworkFunction, _ interface: NFInterface) -> NFEndpoint? {
        switch nf.placement {
        case .pod:
            return NFEndpoint(address: nf.name, port: interface.defaultPort)
        case .vm(let vm):
            let avoiding = interface == .gtpu ? controlNetworks : []
            guard let network = addressing.network(for: vm, peers: peers(nf.kind, interface), avoiding: avoiding),
                let address = addressing.address(of: nf.name, on: vm, network: network)
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
        return core.dnns.map { dnn in
            let upf = dnn.upf ?? only(.upf) ?? ""
            let host =
                core.functions.first { $0.name == upf }.flatMap { nf -> String? in
                    if case .vm(let vm) = nf.placement { return "vm:\(vm)" }
                    return nil
                } ?? "nf:\(upf)"
            let count = tunsPerHost[host, default: 0] + 1
            tunsPerHost[host] = count
            return ResolvedDNN(
                name: dnn.name, subnet: dnn.subnet, gateway: dnn.gateway ?? Self.firstHost(dnn.subnet), upf: upf,
                tunDevice: count == 1 ? "ogstun" : "ogstun\(count)", mtu: dnn.mtu ?? 1400,
                slices: slices.filter { $0.dnns.contains(dnn.name) }.map(\.snssai))
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
        let amf = gnb.amf ?? only(.amf) ?? only(.mme)
        var address: String?
        var gtpAddress: String?
        switch gnb.placement {
        case .vm(let vm)?:
            let amfVM = core.functions.first { $0.name == amf }.flatMap { nf -> String? in
                if case .vm(let vm) = nf.placement { return vm }
                return nil
            }
            if let network = addressing.network(for: vm, peers: amfVM.map { [$0] } ?? []) {
                address = addressing.address(of: "ran/\(gnb.name)", on: vm, network: network)?.description
            }
            let upfVMs = upfVMs(serving: gnb)
            if !upfVMs.isEmpty, let network = addressing.network(for: vm, peers: upfVMs, avoiding: controlNetworks) {
                gtpAddress = addressing.address(of: "ran/\(gnb.name)", on: vm, network: network)?.description
            }
        case .pod?: address = gnb.name
        case nil: address = nil
        }
        let slices = (gnb.slices ?? topology.slices.map(\.name)).compactMap { name in
            topology.slices.first { $0.name == name }.map { SNSSAI(sst: $0.sst, sd: $0.sd) }
        }
        var resolved = ResolvedGNB(
            name: gnb.name, software: gnb.software, placement: gnb.placement, address: address,
            tac: gnb.tac ?? core.tacs.first ?? 1, nci: gnb.nci ?? UInt64(index + 1) << 4, slices: slices, amf: amf)
        resolved.gtpAddress = gtpAddress ?? address
        return resolved
    }

    /// The VMs of the UPFs serving the DNNs of a gNB's slices (all DNNs when it names no slices).
    func upfVMs(serving gnb: GNB) -> [String] {
        let names = gnb.slices ?? topology.slices.map(\.name)
        let dnns = Set(topology.slices.filter { names.contains($0.name) }.flatMap(\.dnns))
        let chosen = core.dnns.filter { dnns.isEmpty || dnns.contains($0.name) }
        let upfs = Set(chosen.compactMap { $0.upf ?? only(.upf) })
        return core.functions.filter { upfs.contains($0.name) }.compactMap { nf in
            if case .vm(let vm) = nf.placement { return vm }
            return nil
        }
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
