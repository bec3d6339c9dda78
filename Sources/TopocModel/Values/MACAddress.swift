/// A MAC address, six octets.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    public var octets: [UInt8]

    public init(octets: [UInt8]) {
        precondition(octets.count == 6, "a MAC address has six octets")
        self.octets = octets
    }

    /// `52:54:00:12:34:56` (or with `-`), case-insensitive.
    public init?(parsing text: String) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
        guard parts.count == 6 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard part.count == 2, let octet = UInt8(part, radix: 16) else { return nil }
            result.append(octet)
        }
        octets = result
    }

    public var isMulticast: Bool { octets[0] & 0x01 != 0 }
    public var isLocallyAdministered: Bool { octets[0] & 0x02 != 0 }

    public var description: String {
        octets.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }
}
