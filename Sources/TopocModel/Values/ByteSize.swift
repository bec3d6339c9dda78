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

    /// Parses `2GiB`, `512MiB`, `24G`, `1T` or a bare byte count. Units are binary. Reads the UTF-8 bytes: a
    /// size is ASCII, and `Character` steps cost more than the rest of decoding the VM it belongs to.
    public init?(parsing text: String) {
        var text = text
        guard let bytes = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.bytes = bytes
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let space = UInt8(ascii: " ")
        var start = text.startIndex
        var end = text.endIndex
        while start < end, text[start] == space { start += 1 }
        while end > start, text[end - 1] == space { end -= 1 }
        var shift: UInt64 = 0
        for unit in units where unit.suffix.utf8.count <= end - start {
            let suffix = end - unit.suffix.utf8.count
            if unit.suffix.utf8.elementsEqual(text[suffix..<end]) {
                end = suffix
                shift = unit.shift
                break
            }
        }
        while end > start, text[end - 1] == space { end -= 1 }
        guard start < end else { return nil }
        var value: UInt64 = 0
        for byte in text[start..<end] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        let (shifted, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : shifted
    }

    /// The largest exact unit: `2GiB`, `1536MiB`.
    public var description: String {
        for unit in Self.units.prefix(4) where bytes != 0 && bytes % (1 << unit.shift) == 0 {
            return "\(bytes >> unit.shift)\(unit.suffix)"
        }
        return "\(bytes)B"
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIIHexDigit: Bool { isASCIIDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
}
