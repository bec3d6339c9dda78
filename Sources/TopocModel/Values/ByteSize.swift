// TopocModel owns the typed IR: plain values for the topology as written (`Topology`) and as resolved
// (`ResolvedTopology`), the small value types they are made of, and the decoder from the YAML syntax tree.

/// A size in bytes, written the way people write it: `2GiB`, `512MiB`, `24G`.
public struct ByteSize: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var bytes: UInt64

    public init(bytes: UInt64) { self.bytes = bytes }

    public static func mebibytes(_ count: UInt64) -> ByteSize { ByteSize(bytes: count << 20) }
    public static func gibibytes(_ count: UInt64) -> ByteSize { ByteSize(bytes: count << 30) }

    public var mebibytes: UInt64 { bytes >> 20 }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    private static let units: [(suffix: String, shift: UInt64)] = [
        ("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10),
        ("T", 40), ("G", 30), ("M", 20), ("K", 10), ("B", 0),
    ]

    /// Parses `2GiB`, `512MiB`, `24G`, `1T` or a bare byte count, spaces around the number and the unit
    /// allowed. Units are binary.
    public init?(parsing text: String) {
        var number = Substring(text).trimmingSpaces
        var shift: UInt64 = 0
        if let unit = Self.units.first(where: { number.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count).trimmingSpaces
            shift = unit.shift
        }
        guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit), let value = UInt64(number) else { return nil }
        let (shifted, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        guard !overflow else { return nil }
        bytes = shifted
    }

    /// The largest exact unit: `2GiB`, `1536MiB`.
    public var description: String {
        for unit in Self.units.prefix(4) where bytes != 0 && bytes % (1 << unit.shift) == 0 {
            return "\(bytes >> unit.shift)\(unit.suffix)"
        }
        return "\(bytes)B"
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map(index(after:)) ?? start
        return self[start..<end]
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
    var isASCIIHexDigit: Bool { isASCII && isHexDigit }
}
