/// Substring search over UTF-8 bytes, for the rules that look inside long values (URLs, SSH keys): the
/// standard library's `contains` and Foundation's `range(of:)` compare Unicode characters and cost more
/// than the rest of a rule.
enum TextSearch {
    /// Whether `word` (ASCII; lower-case when `ignoringASCIICase`) occurs in `text`.
    static func contains(_ text: String, _ word: StaticString, ignoringASCIICase: Bool = false) -> Bool {
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
    static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard text.utf8.count >= count else { return false }
        return zip(text.utf8.prefix(count), UnsafeBufferPointer(start: prefix.utf8Start, count: count)).allSatisfy {
            $0 == $1
        }
    }
}
