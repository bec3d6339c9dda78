import TopocModel

/// What `topoc apply` created, as recorded in `.topoc/<lab>/state.json`: enough to find, check and remove
/// every resource even after the topology file changed or was deleted.
public struct LabState: Equatable, Codable, Sendable {
    public static let currentVersion = 1

    public var version: Int
    public var lab: String
    /// Whose drivers made the resources, so `destroy` needs no topology file (states written before targets
    /// were recorded are `qemu`'s).
    public var target: Target
    /// The lab directory the paths below are relative to, as an absolute path.
    public var directory: String
    public var resources: [ResourceID: RecordedResource]

    public init(
        lab: String, target: Target = .qemu, directory: String, resources: [ResourceID: RecordedResource] = [:]
    ) {
        version = Self.currentVersion
        self.lab = lab
        self.target = target
        self.directory = directory
        self.resources = resources
    }

    enum CodingKeys: String, CodingKey {
        case version, lab, target, directory, resources
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        lab = try container.decode(String.self, forKey: .lab)
        target = try container.decodeIfPresent(Target.self, forKey: .target) ?? .qemu
        directory = try container.decode(String.self, forKey: .directory)
        let list = try container.decode([RecordedResource].self, forKey: .resources)
        resources = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Resources as a list in set-up order, so the file diffs well.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(lab, forKey: .lab)
        try container.encode(target, forKey: .target)
        try container.encode(directory, forKey: .directory)
        try container.encode(resources.values.sorted { $0.id < $1.id }, forKey: .resources)
    }
}

/// A resource as created: the digests it was built from and its identity on the machine (pid, paths, names).
public struct RecordedResource: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var digests: [Facet: String]
    public var attributes: [String: String]

    public init(id: ResourceID, digests: [Facet: String], attributes: [String: String] = [:]) {
        self.id = id
        self.digests = digests
        self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, digests, attributes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ResourceID.self, forKey: .id)
        let raw = try container.decode([String: String].self, forKey: .digests)
        digests = Dictionary(
            uniqueKeysWithValues: raw.compactMap { key, value in Facet(rawValue: key).map { ($0, value) } })
        attributes = try container.decode([String: String].self, forKey: .attributes)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(
            Dictionary(uniqueKeysWithValues: digests.map { ($0.key.rawValue, $0.value) }), forKey: .digests)
        try container.encode(attributes, forKey: .attributes)
    }
}

/// What is true on the machine now, for a recorded resource.
public enum LiveStatus: Equatable, Sendable {
    case present
    /// Gone or broken, with why (e.g. "QEMU process 4242 is not running").
    case missing(String)
}
