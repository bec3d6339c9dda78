/// Searches and checks over a string's UTF-8 bytes in place, for decoders and rules that look inside values
/// (URLs, checksums, SSH keys, names): the standard library's `contains` and Foundation's `range(of:)`
/// compare Unicode characters, and generic algorithms over `utf8` step an index per byte, each costing
/// several times a loop over the bytes.
public enum TextSearch {
    /// Whether `word` (ASCII; lower-case when `ignoringASCIICase`) occurs in `text`.
    public static func contains(_ text: String, _ word: StaticString, ignoringASCIICase: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard let first = needle.first, haystack.count >= needle.count else { return false }
            func fold(_ byte: UInt8) -> UInt8 {
                ignoringASCIICase && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            }
            for start in 0...(haystack.count - needle.count) where fold(haystack[start]) == first {
                if needle.indices.allSatisfy({ fold(haystack[start + $0]) == needle[$0] }) { return true }
            }
            return false
        }
    }

    /// Whether `text` starts with `prefix` (ASCII), byte for byte.
    public static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard text.utf8.count >= count else { return false }
        return zip(text.utf8.prefix(count), UnsafeBufferPointer(start: prefix.utf8Start, count: count)).allSatisfy {
            $0 == $1
        }
    }

    /// Whether every byte of `text` satisfies `test` (true for an empty text).
    public static func all(_ text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? text.utf8.allSatisfy(test)
    }

    /// Whether some byte of `text` satisfies `test`.
    public static func any(_ text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(where: test) } ?? text.utf8.contains(where: test)
    }
}
