/// Values written in the language as text (addresses, subnets, MACs) are encoded as that same text in JSON
/// and YAML artifacts, not as their internal numbers.
public protocol TextCodable: Codable, CustomStringConvertible {
    init?(text: String)
}

extension TextCodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
        self = value
    }
}

extension IPv4Address: TextCodable {
    public init?(text: String) { self.init(parsing: text) }
}

extension IPv6Address: TextCodable {
    public init?(text: String) { self.init(parsing: text) }
}

extension MACAddress: TextCodable {
    public init?(text: String) { self.init(parsing: text) }
}

extension IPv4Subnet: TextCodable {
    public init?(text: String) {
        guard case .success(let subnet) = Self.parse(text) else { return nil }
        self = subnet
    }
}

extension IPv6Subnet: TextCodable {
    public init?(text: String) {
        guard case .success(let subnet) = Self.parse(text) else { return nil }
        self = subnet
    }
}
