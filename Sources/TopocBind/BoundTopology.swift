// TopocBind owns the cross-references of a topology: after decoding, every name that points at something
// else (an NF's VM, a DNN's UPF, the SMF and UPFs of each DNN and slice, a gNB's AMF and UPFs, a VM's
// networks) is resolved here once, into plain positions, and so is the network each NF interface binds.
// Dangling references are reported here. Validate, Resolve and Emit read the binding instead of pairing
// things up again, so a pairing is written in one place.
import TopocModel

/// A topology with its cross-references resolved. Positions index the topology's own arrays
/// (`topology.vms`, `topology.core?.functions`, ...); `nil` means the reference names nothing (reported by
/// `Binder`) or that there is nothing to name (a pod has no VM).
public struct BoundTopology: Sendable {
    public let topology: Topology
    /// The declared host names (empty when the lab declares none: then `local` is implicit).
    public let hosts: Set<String>
    public let images: NameTable<Image>
    public let networks: NameTable<Network>
    public let vms: NameTable<VM>
    public let functions: NameTable<NetworkFunction>
    public let dnns: NameTable<DNN>
    public let slices: NameTable<Slice>
    public let gnbs: NameTable<GNB>
    public let apps: Set<String>
    /// The kinds of the core's functions.
    public let kinds: Set<NFKind>
    /// For each VM, its NICs in the order written, each with the network it attaches to.
    public let nics: [[BoundNIC]]
    /// For each of `core.functions`, the VM it runs on.
    public let functionVMs: [Int?]
    /// For each gNB, the VM it runs on.
    public let gnbVMs: [Int?]
    /// For each of `core.dnns`, its UPF: the one it names, else the only UPF of the core.
    public let dnnUPFs: [Int?]
    /// For each of `core.dnns`, the SMFs that serve it: those named by the slices carrying it, else every SMF.
    public let dnnSMFs: [[Int]]
    /// Which SMF associates with which UPF over N4, for which DNNs: ordered by SMF, then UPF.
    public let sessions: [Session]
    /// For each gNB, its AMF (or MME): the one it names, else the only AMF, else the only MME.
    public let gnbAMFs: [Int?]
    /// For each gNB, the UPFs serving the DNNs of its slices (every DNN when it names no slice).
    public let gnbUPFs: [[Int]]
    /// For each of `core.functions`, the network each of its interfaces binds (empty for a pod).
    public let functionBindings: [[NFInterface: String]]
    /// For each gNB, the networks its NGAP and GTP-U addresses are on.
    public let gnbBindings: [GNBBinding]

    /// The host names a VM may name: the declared ones, or the implicit `local`.
    public var knownHosts: Set<String> { hosts.isEmpty ? ["local"] : hosts }

    public func isKnownHost(_ name: String) -> Bool { knownHosts.contains(name) }

    /// The network an NF binds `interface` on, when it runs on a VM.
    public func network(of function: Int, _ interface: NFInterface) -> String? {
        functionBindings[function][interface]
    }

    /// The interfaces an NF of `kind` serves in this core.
    public func interfaces(of kind: NFKind) -> [NFInterface] { InterfaceBinding.interfaces(of: kind, in: kinds) }

    /// The VM of the first function named `name`.
    public func vm(ofFunction name: String) -> Int? { functions.position(of: name).flatMap { functionVMs[$0] } }
}

/// One NIC of a VM and the network it attaches to (`nil`: no network has its name).
public struct BoundNIC: Sendable {
    public let interface: Interface
    public let network: Int?

    public var ip: IPv4Address? { interface.ip }
    public var pinsIP6: Bool { interface.ip6 != nil }
    public var pinsMAC: Bool { interface.mac != nil }
    public var pinsName: Bool { interface.name != nil }
}

/// An N4 association: the SMF, the UPF and the DNNs (positions in `core.dnns`) it carries between them.
public struct Session: Sendable, Equatable {
    public let smf: Int
    public let upf: Int
    public let dnns: [Int]
}

/// The networks a gNB's addresses are on: NGAP toward its AMF, GTP-U toward its UPFs.
public struct GNBBinding: Sendable, Equatable {
    public let ngap: String?
    public let gtpu: String?
}
