import TopocDiagnostics
import TopocModel

/// Name lookups shared by the rules, built once per validation.
public struct TopologyIndex: Sendable {
    public let hosts: Set<String>
    public let images: NameIndex<Image>
    public let networks: NameIndex<Network>
    public let vms: NameIndex<VM>
    public let functions: NameIndex<NetworkFunction>
    public let dnns: NameIndex<DNN>
    public let slices: NameIndex<Slice>
    public let gnbs: NameIndex<GNB>
    public let apps: Set<String>
    /// Every NIC of every VM as plain values, VM after VM: what the rules check for each NIC of a large lab,
    /// read without touching the VMs (reading a VM's arrays and strings is reference counting, which costs
    /// more than the checks and is contended when rules run on several cores).
    public let nics: [NICFacts]
    /// VM `v`'s NICs are `nics[nicStart[v]..<nicStart[v + 1]]`.
    public let nicStart: [Int]
    /// For each of `core.functions`, the position of the VM it runs on; -1 for a pod or an unknown VM.
    public let functionVMs: [Int]
    /// The kinds of `core.functions`.
    public let kinds: NFKinds
    /// For each of `core.dnns`, the position in `core.functions` of the function its `upf` names (the first
    /// of that name); -1 when it names none, or one that does not exist. Several rules follow each DNN to
    /// its UPF.
    public let dnnUPFs: [Int]

    /// Borrowing: an initializer's parameters are otherwise owned, and validating copied the topology to
    /// build its index.
    public init(_ topology: borrowing Topology) {
        hosts = topology.hosts.isEmpty ? [] : Set(topology.hosts.map(\.name))
        images = NameIndex(topology.images)
        networks = NameIndex(topology.networks)
        vms = NameIndex(topology.vms)
        functions = NameIndex(topology.core?.functions ?? [])
        dnns = NameIndex(topology.core?.dnns ?? [])
        slices = NameIndex(topology.slices)
        gnbs = NameIndex(topology.ran.gnbs)
        apps = topology.apps.isEmpty ? [] : Set(topology.apps.map(\.name))
        (nics, nicStart) = Self.facts(topology.vms, networks)
        var functionVMs: [Int] = []
        var kinds = NFKinds()
        if let functions = topology.core?.functions {
            functionVMs.reserveCapacity(functions.count)
            for position in functions.indices {
                kinds.insert(functions[position].kind)
                guard case .vm(let vm) = functions[position].placement else {
                    functionVMs.append(-1)
                    continue
                }
                functionVMs.append(vms.position(of: vm) ?? -1)
            }
        }
        (self.functionVMs, self.kinds) = (functionVMs, kinds)
        var dnnUPFs: [Int] = []
        if let dnns = topology.core?.dnns {
            dnnUPFs.reserveCapacity(dnns.count)
            for dnn in dnns.indices {
                guard let upf = dnns[dnn].upf, let position = functions.position(of: upf) else {
                    dnnUPFs.append(-1)
                    continue
                }
                dnnUPFs.append(position)
            }
        }
        self.dnnUPFs = dnnUPFs
    }

    private static func facts(_ vms: [VM], _ networks: NameIndex<Network>) -> ([NICFacts], [Int]) {
        var facts: [NICFacts] = []
        var starts: [Int] = []
        starts.reserveCapacity(vms.count + 1)
        facts.reserveCapacity(vms.count * 2)
        // Labs have a few networks and thousands of NICs: the last names looked up answer most NICs
        // without hashing (a few networks are compared in order anyway).
        var recent: [(name: String, position: Int)] = []
        func position(of network: String) -> Int {
            guard networks.isHashed else { return networks.position(of: network) ?? -1 }
            if let hit = recent.first(where: { $0.name == network }) { return hit.position }
            let position = networks.position(of: network) ?? -1
            if recent.count == 4 { recent.removeFirst() }
            recent.append((network, position))
            return position
        }
        for vm in vms.indices {
            starts.append(facts.count)
            let interfaces = vms[vm].interfaces
            for nic in interfaces.indices {
                facts.append(
                    NICFacts(
                        network: position(of: interfaces[nic].network),
                        ip: interfaces[nic].ip, pinsIP6: interfaces[nic].ip6 != nil,
                        pinsMAC: interfaces[nic].mac != nil, pinsName: interfaces[nic].name != nil))
            }
        }
        starts.append(facts.count)
        return (facts, starts)
    }

    /// The host names a VM may name: the declared ones, or the implicit `local` when none are declared.
    public var knownHosts: Set<String> { hosts.isEmpty ? ["local"] : hosts }

    /// Whether `name` is one of `knownHosts`, without building the set.
    public func isKnownHost(_ name: String) -> Bool { hosts.isEmpty ? name == "local" : hosts.contains(name) }

    /// `ref.dangling` for a name that is not among `candidates`, with a did-you-mean.
    public static func dangling(
        _ name: String, kind: String, field: String, at location: SourceLocation, candidates: some Collection<String>
    ) -> Diagnostic {
        let suggestion = Suggestion.closest(to: name, in: candidates.sorted())
        let declared: String
        switch candidates.count {
        case 0: declared = "none is declared"
        case 1...8: declared = "declared: " + candidates.sorted().map { "`\($0)`" }.joined(separator: ", ")
        default: declared = "\(candidates.count) are declared"
        }
        return .error(
            "ref.dangling", "`\(field)` names \(kind) `\(name)`, which does not exist (\(declared))", at: location,
            help: suggestion.map { "did you mean `\($0)`?" })
    }
}

/// One NIC as the rules see it first: plain values only.
public struct NICFacts: Sendable {
    /// Position of its network in `topology.networks`, or -1 when no network has its name.
    public var network: Int
    public var ip: IPv4Address?
    public var pinsIP6: Bool
    public var pinsMAC: Bool
    public var pinsName: Bool
}
