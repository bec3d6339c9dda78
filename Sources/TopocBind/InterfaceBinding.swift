import TopocModel

/// Which network each NF interface and each gNB address binds. An NF (or gNB) on a VM binds one address
/// per interface, so it picks one of its VM's networks (those with a `subnet`): the first one every peer of
/// that interface also has (a peer on the same VM has them all), else one some peer has, else its VM's
/// first. GTP-U prefers a network other than the control plane's (where the NRF serves SBI) when the peers
/// share both, so user traffic takes its own network.
struct InterfaceBinding {
    let topology: Topology
    let functions: NameTable<NetworkFunction>
    let functionVMs: [Int?]
    let vms: NameTable<VM>
    let networks: NameTable<Network>
    let kinds: Set<NFKind>
    /// For each VM, its networks that have a subnet, in the order its NICs are written.
    private let addressableNetworks: [[String]]
    /// The VMs of the functions of each kind, in declaration order.
    private let vmsByKind: [NFKind: [Int]]
    /// The VMs of the gNBs.
    private let ranVMs: [Int]
    /// The networks where the NRFs serve SBI.
    private(set) var controlNetworks: Set<String> = []

    init(
        topology: Topology, functions: NameTable<NetworkFunction>, functionVMs: [Int?], vms: NameTable<VM>,
        networks: NameTable<Network>
    ) {
        self.topology = topology
        self.functions = functions
        self.functionVMs = functionVMs
        self.vms = vms
        self.networks = networks
        kinds = Set(functions.elements.map(\.kind))
        addressableNetworks = topology.vms.map { vm in
            vm.interfaces.map(\.network).filter { networks[$0]?.subnet != nil }
        }
        var vmsByKind: [NFKind: [Int]] = [:]
        for (position, nf) in functions.elements.enumerated() {
            if let vm = functionVMs[position] { vmsByKind[nf.kind, default: []].append(vm) }
        }
        self.vmsByKind = vmsByKind
        ranVMs = topology.ran.gnbs.compactMap { gnb -> Int? in
            guard case .vm(let name)? = gnb.placement else { return nil }
            return vms.position(of: name)
        }
        let nrfs = functions.elements.indices.filter { functions[position: $0].kind == .nrf }
        let peers = self.peers(.nrf, .sbi)
        controlNetworks = Set(nrfs.compactMap { nrf in functionVMs[nrf].flatMap { network(for: $0, peers: peers) } })
    }

    /// The interfaces an NF of `kind` serves; the EPC-only ones when the core has the NFs they talk to.
    static func interfaces(of kind: NFKind, in kinds: Set<NFKind>) -> [NFInterface] {
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

    func networks(ofFunction position: Int) -> [NFInterface: String] {
        guard let vm = functionVMs[position] else { return [:] }
        let nf = functions[position: position]
        var bound: [NFInterface: String] = [:]
        for interface in Self.interfaces(of: nf.kind, in: kinds) {
            let avoiding = interface == .gtpu ? controlNetworks : []
            bound[interface] = network(for: vm, peers: peers(nf.kind, interface), avoiding: avoiding)
        }
        return bound
    }

    func networks(ofGNBOn vm: Int?, amf: Int?, upfs: [Int]) -> GNBBinding {
        guard let vm else { return GNBBinding(ngap: nil, gtpu: nil) }
        let ngap = network(for: vm, peers: amf.flatMap { functionVMs[$0] }.map { [$0] } ?? [])
        let upfVMs = upfs.compactMap { functionVMs[$0] }
        guard !upfVMs.isEmpty else { return GNBBinding(ngap: ngap, gtpu: ngap) }
        return GNBBinding(ngap: ngap, gtpu: network(for: vm, peers: upfVMs, avoiding: controlNetworks) ?? ngap)
    }

    /// A gNB in a pod (KubeVirt) binds one Multus address for NGAP and GTP-U alike, on the Multus network where
    /// its AMF (or MME) serves NGAP (S1AP), else on the lab's only Multus network with a subnet. UERANSIM binds
    /// these addresses and its UEs find the gNB by address, so a Service name cannot stand in for them.
    func networks(ofGNBPodWithAMF amf: Int?, bindings: [[NFInterface: String]]) -> GNBBinding {
        let multus = topology.networks.filter { $0.mode == .multus && $0.subnet != nil }.map(\.name)
        let served = amf.flatMap { bindings[$0][functions[position: $0].kind == .mme ? .s1ap : .ngap] }
        let network = served.flatMap { multus.contains($0) ? $0 : nil } ?? (multus.count == 1 ? multus[0] : nil)
        return GNBBinding(ngap: network, gtpu: network)
    }

    /// Both ends of a reference point bind on one network where they can. The end that reaches several
    /// peers through its one address leads (the SMF on N4, the SGW-C on Sxa, the AMF or MME on N2, the gNB
    /// on N3), and each peer binds on its leader's network when its own VM is on it.
    func followingLeaders(
        _ bindings: inout [[NFInterface: String]], _ gnbs: inout [GNBBinding], sessions: [Session],
        gnbVMs: [Int?], gnbAMFs: [Int?], gnbUPFs: [[Int]]
    ) {
        let leading = bindings
        func follow(_ follower: Int, _ interface: NFInterface, _ leaders: [String?]) {
            guard let vm = functionVMs[follower] else { return }
            let own = Set(addressable(vm))
            if let network = leaders.compactMap({ $0 }).first(where: own.contains) {
                bindings[follower][interface] = network
            }
        }
        for (position, nf) in functions.elements.enumerated() {
            switch nf.kind {
            case .upf:
                let smfs = sessions.filter { $0.upf == position }.map(\.smf)
                follow(position, .pfcp, smfs.map { leading[$0][.pfcp] })
            case .sgwu:
                let sgwcs = functions.elements.indices.filter { functions[position: $0].kind == .sgwc }
                follow(position, .pfcp, sgwcs.map { leading[$0][.pfcp] })
            default:
                break
            }
        }
        for (gnb, vm) in gnbVMs.enumerated() {
            guard let vm, let amf = gnbAMFs[gnb] else { continue }
            let interface: NFInterface = functions[position: amf].kind == .mme ? .s1ap : .ngap
            guard let network = leading[amf][interface], addressable(vm).contains(network) else { continue }
            // Without a UPF on a VM, GTP-U shares the NGAP address.
            let upfsOnVMs = gnbUPFs[gnb].contains { functionVMs[$0] != nil }
            let gtpu = upfsOnVMs ? gnbs[gnb].gtpu : network
            gnbs[gnb] = GNBBinding(ngap: network, gtpu: gtpu)
        }
        for (position, nf) in functions.elements.enumerated() where nf.kind == .upf {
            let served = gnbUPFs.indices.filter { gnbUPFs[$0].contains(position) }
            follow(position, .gtpu, served.map { gnbs[$0].gtpu })
        }
    }

    /// The names of `vm`'s networks that have a subnet, in the order its NICs are written.
    func addressable(_ vm: Int) -> [String] { addressableNetworks[vm] }

    func network(for vm: Int, peers: [Int], avoiding: Set<String> = []) -> String? {
        let own = addressable(vm)
        let others = peers.filter { $0 != vm }.map { Set(addressable($0)) }
        let preferred = own.filter { !avoiding.contains($0) } + own.filter { avoiding.contains($0) }
        return preferred.first { net in others.allSatisfy { $0.contains(net) } }
            ?? preferred.first { net in others.contains { $0.contains(net) } } ?? own.first
    }

    /// The VMs an interface of `kind` talks to.
    func peers(_ kind: NFKind, _ interface: NFInterface) -> [Int] {
        // Peers are compared as sets, so their order does not matter.
        func vms(_ kinds: [NFKind]) -> [Int] { kinds.flatMap { vmsByKind[$0] ?? [] } }
        let ran = ranVMs
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
}
