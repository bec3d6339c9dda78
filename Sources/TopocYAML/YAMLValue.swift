/// A document to write: what emitters build instead of concatenating YAML text.
public indirect enum YAMLValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case sequence([YAMLValue])
    /// Keys in the order given: emitters decide the order, deterministically.
    case mapping([(String, YAMLValue)])

    /// A mapping whose keys are sorted, the usual choice for deterministic output.
    public static func sorted(_ entries: [String: YAMLValue]) -> YAMLValue {
        .mapping(entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public static func strings(_ values: [String]) -> YAMLValue {
        .sequence(values.map { .string($0) })
    }

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.sequence(let a), .sequence(let b)): a == b
        case (.mapping(let a), .mapping(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s): hasher.combine(s)
        case .int(let i): hasher.combine(i)
        case .bool(let b): hasher.combine(b)
        case .null: hasher.combine(0)
        case .sequence(let items): hasher.combine(items)
        case .mapping(let pairs):
            for (key, value) in pairs {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The value at `key` of a mapping.
    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }
}
