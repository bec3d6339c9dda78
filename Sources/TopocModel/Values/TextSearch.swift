/// Searches and checks over a string's UTF-8 bytes in place, for decoders and rules that look inside values
/// (URLs, checksums, SSH keys, names): the standard library's `contains` and Foundation's `range(of:)`
/// compare Unicode characters, and generic algorithms over `utf8` step an index per byte, each costing
/// several times a loop over the bytes.
public enum TextSearch {
    /// Whether `word` (ASCII; lower-case when `ignoringASCIICase`) occurs in `text`. An empty `word` occurs
    /// nowhere; with `ignoringASCIICase`, upper-case letters of `text` are read as lower-case ones, so a
    /// `word` with an upper-case letter occurs nowhere either.
    public static func contains(_ text: String, _ word: StaticString, ignoringASCIICase: Bool = false) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard let first = needle.first else { return false }
        if ignoringASCIICase, needle.contains(where: isUpperCase) { return false }
        return withBytes(text) { haystack in
            guard haystack.count >= needle.count else { return false }
            let folding = ignoringASCIICase ? Folding(first) : Folding.none
            // The last start that leaves room for the whole word.
            let last = haystack.count - needle.count
            var start = 0
            while let candidate = firstStart(of: first, folding, in: haystack, from: start, through: last) {
                if matches(needle, at: candidate, in: haystack, ignoringASCIICase: ignoringASCIICase) { return true }
                start = candidate + 1
            }
            return false
        }
    }

    /// Whether `text` starts with `prefix` (ASCII), byte for byte.
    public static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return withBytes(text) { bytes in
            bytes.count >= expected.count && matches(expected, at: 0, in: bytes, ignoringASCIICase: false)
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

    /// `body` over the UTF-8 bytes of `text`, in place when it has them contiguous (a native string always
    /// does): `withUTF8` wants a mutable copy, which retains and releases the text.
    private static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var text = text
        return text.withUTF8(body)
    }

    private static func isUpperCase(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }

    /// How a byte of the text is read before comparing it with a lower-case letter of a word, ignoring
    /// ASCII case: with bit 5 set, which turns `A`...`Z` into `a`...`z` and `a`...`z` into themselves (and
    /// would turn other bytes into letters, so only letters are compared this way).
    private struct Folding {
        /// 0x20 or 0: or-ed into every byte.
        let bit: UInt8

        static let none = Folding(bit: 0)

        private init(bit: UInt8) { self.bit = bit }

        /// The folding that compares a text's byte with `letter` of a word ignoring ASCII case.
        init(_ letter: UInt8) { bit = (0x61...0x7A).contains(letter) ? 0x20 : 0 }
    }

    /// Where `word` is at `start` of `bytes` (which has room for it).
    private static func matches(
        _ word: UnsafeBufferPointer<UInt8>, at start: Int, in bytes: UnsafeBufferPointer<UInt8>,
        ignoringASCIICase: Bool
    ) -> Bool {
        for offset in word.indices {
            let expected = word[offset]
            let folding = ignoringASCIICase ? Folding(expected) : Folding.none
            if bytes[start + offset] | folding.bit != expected { return false }
        }
        return true
    }

    /// The first position in `from...through` of `bytes` where `byte` is (after `folding`), eight bytes at
    /// a time: each word is or-ed with the folding bit and xor-ed with `byte` in every lane, so a lane is
    /// zero where the byte is, and the classic zero-byte test finds such lanes without a branch per byte
    /// (it may flag a lane above a zero one, never below, so the lowest flagged lane is the first match).
    private static func firstStart(
        of byte: UInt8, _ folding: Folding, in bytes: UnsafeBufferPointer<UInt8>, from: Int, through last: Int
    ) -> Int? {
        guard from <= last, let base = bytes.baseAddress else { return nil }
        let lanes: UInt64 = 0x0101_0101_0101_0101
        let (pattern, fold) = (lanes &* UInt64(byte), lanes &* UInt64(folding.bit))
        var start = from
        // Whole words that start at or before `last`, read within the buffer.
        while start <= last, start + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            let differences = (word | fold) ^ pattern
            let zeroLanes = (differences &- lanes) & ~differences & (lanes &<< 7)
            if zeroLanes != 0 {
                let found = start + zeroLanes.trailingZeroBitCount / 8
                return found <= last ? found : nil
            }
            start += 8
        }
        while start <= last {
            if bytes[start] | folding.bit == byte { return start }
            start += 1
        }
        return nil
    }
}
