import TopocDiagnostics
import TopocModel

/// Binds a topology: resolves its references into a `BoundTopology` and reports the dangling ones. The
/// binding is total: a reference that names nothing is left unbound, so the rules still see the rest of
/// the lab and one run reports every error.
public enum Binder {
    public static func bind(_ topology: Topology) -> (bound: BoundTopology, diagnostics: [Diagnostic]) {
        let bound = BoundTopology(topology)
        return (bound, References(bound).dangling())
    }
}

extension BoundTopology {
    init(_ topology: Topology) {
        self.topology = topology
        let core = topology.core
        let functions = NameTable(core?.functions ?? [])
        let vms = NameTable(topology.vms)
        let networks = NameTable(topology.networks)
        hosts = Set(topology.hosts.map(\.name))
        images = NameTable(topology.images)
        self.networks = networks
        self.vms = vms
        self.functions = functions
        dnns = NameTable(core?.dnns ?? [])
        slices = NameTable(topology.slices)
        gnbs = NameTable(topology.ran.gnbs)
        apps = Set(topology.apps.map(\.name))
        kinds = Set(functions.elements.map(\.kind))
        nics = topology.vms.map { vm in
            vm.interfaces.map { BoundNIC(interface: $0, network: networks.position(of: $0.network)) }
        }
        let functionVMs = functions.elements.map { Self.vm(of: $0.placement, in: vms) }
        self.functionVMs = functionVMs

        let pairing = Pairing(topology: topology, functions: functions)
        dnnUPFs = pairing.dnnUPFs
        dnnSMFs = pairing.dnnSMFs
        let sessions = pairing.sessions
        self.sessions = sessions
        let gnbAMFs = topology.ran.gnbs.map(pairing.amf(of:))
        let gnbUPFs = topology.ran.gnbs.map(pairing.upfs(serving:))
        (self.gnbAMFs, self.gnbUPFs) = (gnbAMFs, gnbUPFs)
        // A gNB with neither `on` nor `pod` runs beside its AMF, as the language reference says
        // (RANPlacementRule refuses one whose AMF runs in no VM).
        let gnbVMs = topology.ran.gnbs.indices.map { position in
            let gnb = topology.ran.gnbs[position]
            guard gnb.placement == nil else { return Self.vm(of: gnb.placement, in: vms) }
            return gnbAMFs[position].flatMap { functionVMs[$0] }
        }
        self.gnbVMs = gnbVMs

        let interfaces = InterfaceBinding(
            topology: topology, functions: functions, functionVMs: functionVMs, vms: vms, networks: networks)
        var functionBindings = functions.elements.indices.map(interfaces.networks(ofFunction:))
        var gnbBindings = topology.ran.gnbs.indices.map {
            interfaces.networks(ofGNBOn: gnbVMs[$0], amf: gnbAMFs[$0], upfs: gnbUPFs[$0])
        }
        interfaces.followingLeaders(
            &functionBindings, &gnbBindings, sessions: sessions, gnbVMs: gnbVMs, gnbAMFs: gnbAMFs, gnbUPFs: gnbUPFs)
        for (position, gnb) in topology.ran.gnbs.enumerated() {
            guard case .pod? = gnb.placement else { continue }
            gnbBindings[position] = interfaces.networks(ofGNBPodWithAMF: gnbAMFs[position], bindings: functionBindings)
        }
        (self.functionBindings, self.gnbBindings) = (functionBindings, gnbBindings)
    }

    private static func vm(of placement: Placement?, in vms: NameTable<VM>) -> Int? {
        guard case .vm(let name)? = placement else { return nil }
        return vms.position(of: name)
    }
}
