/// An IPv4 subnet in CIDR form. Host bits must be zero: `192.168.0.1/24` is almost always a typo.
public struct IPv4Subnet: Hashable, Sendable, CustomStringConvertible {
    public var network: IPv4Address
    public var prefix: Int

    public init(network: IPv4Address, prefix: Int) {
        self.network = network
        self.prefix = prefix
    }

    public enum ParseError: Error, Equatable {
        case malformed
        case hostBitsSet(suggestion: IPv4Subnet)
    }

    public static func parse(_ text: String) -> Result<IPv4Subnet, ParseError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parsing: parts[0]), (1...2).contains(parts[1].count),
            parts[1].allSatisfy(\.isASCIIDigit), let prefix = Int(parts[1]), prefix <= 32
        else { return .failure(.malformed) }
        let subnet = IPv4Subnet(network: IPv4Address(address.value & Self.mask(prefix)), prefix: prefix)
        guard subnet.network == address else { return .failure(.hostBitsSet(suggestion: subnet)) }
        return .success(subnet)
    }

    static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    public var mask: UInt32 { Self.mask(prefix) }
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefix) }
    public var broadcast: IPv4Address { IPv4Address(network.value | ~mask) }
    public var description: String { "\(network)/\(prefix)" }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    public func overlaps(_ other: IPv4Subnet) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// /31 and /32 have no network or broadcast address (RFC 3021); larger subnets do.
    public var usableRange: ClosedRange<UInt32> {
        if prefix >= 31 { return network.value...broadcast.value }
        return (network.value + 1)...(broadcast.value - 1)
    }

    public func isUsable(_ address: IPv4Address) -> Bool { usableRange.contains(address.value) }
}

/// An IPv6 subnet in CIDR form, prefix 1 to 128.
public struct IPv6Subnet: Hashable, Sendable, CustomStringConvertible {
    public var network: IPv6Address
    public var prefix: Int

    public init(network: IPv6Address, prefix: Int) {
        self.network = network
        self.prefix = prefix
    }

    public static func parse(_ text: String) -> Result<IPv6Subnet, IPv4Subnet.ParseError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv6Address(parsing: String(parts[0])),
            parts[1].allSatisfy(\.isASCIIDigit), parts[1].count <= 3, let prefix = Int(parts[1]),
            (0...128).contains(prefix)
        else { return .failure(.malformed) }
        let masked = Self.masked(address, prefix)
        guard masked == address else { return .failure(.malformed) }
        return .success(IPv6Subnet(network: masked, prefix: prefix))
    }

    static func masked(_ address: IPv6Address, _ prefix: Int) -> IPv6Address {
        let highMask: UInt64 = prefix >= 64 ? .max : (prefix == 0 ? 0 : .max << UInt64(64 - prefix))
        let lowMask: UInt64 = prefix <= 64 ? 0 : (prefix == 128 ? .max : .max << UInt64(128 - prefix))
        return IPv6Address(high: address.high & highMask, low: address.low & lowMask)
    }

    public func contains(_ address: IPv6Address) -> Bool { Self.masked(address, prefix) == network }
    public func overlaps(_ other: IPv6Subnet) -> Bool { contains(other.network) || other.contains(network) }
    public var description: String { "\(network)/\(prefix)" }
}
