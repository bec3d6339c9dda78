// Changes/ owns the data of `topoc diff` and `topoc apply`: the resources a lab wants (derived from its
// artifacts only), the resources a state file records, and the changes between them. Pure values and pure
// functions: probing the machine and carrying changes out belong to TopocExecute.

import TopocModel

/// `vm:vm1`, `bridge:tp9ed9-cp`: a resource's kind and name, ordered for deterministic output.
public struct ResourceID: Hashable, Comparable, TextCodable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case image, bridge, tap, vm
    }

    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Set-up order: images, then bridges, taps, VMs (teardown is the reverse).
    private var rank: Int { Kind.allCases.firstIndex(of: kind) ?? 0 }

    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
        (lhs.rank, lhs.name) < (rhs.rank, rhs.name)
    }

    public var description: String { "\(kind.rawValue):\(name)" }

    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])) else { return nil }
        self.init(kind, String(parts[1]))
    }
}

/// What a resource is built from. Each facet has its own digest, so a change says what changed and the
/// executor redoes only that part (a new seed, a restart, a new disk).
public enum Facet: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable, Comparable {
    /// The base image: URL, path, checksum.
    case source
    /// A link's settings (MTU, address, bridge).
    case link
    /// The VM's overlay disk: base image and size. A change recreates the disk.
    case disk
    /// The VM's QEMU command line. A change restarts QEMU on the same disk.
    case machine
    /// The VM's cloud-init files. A change rebuilds the seed and restarts QEMU.
    case seed

    public static func < (lhs: Facet, rhs: Facet) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// A resource the lab wants.
public struct DesiredResource: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var digests: [Facet: String]
    /// Everything the executor needs to build it (paths, names, sizes), as text.
    public var attributes: [String: String]
    /// Resources that must exist (and, for VMs, be running) first.
    public var dependencies: [ResourceID]

    public init(
        id: ResourceID, digests: [Facet: String], attributes: [String: String] = [:], dependencies: [ResourceID] = []
    ) {
        self.id = id
        self.digests = digests
        self.attributes = attributes
        self.dependencies = dependencies.sorted()
    }
}
