/// Searches and checks over a string's UTF-8 bytes in place, for decoders and rules that look inside values
/// (URLs, checksums, SSH keys, names): the standard library's `contains` and Foundation's `range(of:)`
/// compare Unicode characters, and generic algorithms over `utf8` step an index per byte, each costing
/// several times a loop over the bytes.
public enum TextSearch {
    /// Whether `word` (ASCII; lower-case when `ignoringASCIICase`) occurs in `text`. An empty `word` occurs
    /// nowhere; with `ignoringASCIICase`, upper-case letters of `text` are read as lower-case ones, so a
    /// `word` with an upper-case letter occurs nowhere either.
    public static func contains(_ text: String, _ word: StaticString, ignoringASCIICase: Bool = false) -> Bool {
        let needle = Needle(word, ignoringASCIICase: ignoringASCIICase)
        guard needle.canOccur else { return false }
        return withUnsafePointer(to: needle) { needle in
            withBytes(text) { occurs(UnsafeBufferPointer(start: needle, count: 1), in: $0) }
        }
    }

    /// Words looked for together (`debian`, `bookworm`, `bullseye`), each read as `contains` reads one, in
    /// one pass over a text: a word is tried only where its first letter is. Made once and kept, so a search
    /// sets nothing up.
    public struct Words: @unchecked Sendable {
        fileprivate let needles: [Needle]

        public init(_ words: [StaticString], ignoringASCIICase: Bool = false) {
            var needles: [Needle] = []
            for word in words {
                var needle = Needle(word, ignoringASCIICase: ignoringASCIICase)
                guard needle.canOccur else { continue }
                // Words with the same first letter are found by one lane test.
                needle.sharesFirstLetter = needles.contains { $0.bytes[0] == needle.bytes[0] }
                needles.append(needle)
            }
            self.needles = needles
        }

        /// Whether one of the words occurs in `text`.
        public func occur(in text: String) -> Bool {
            !needles.isEmpty
                && needles.withUnsafeBufferPointer { needles in withBytes(text) { occurs(needles, in: $0) } }
        }
    }

    private static func occurs(_ needles: UnsafeBufferPointer<Needle>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool
    {
        func startsHere(_ start: Int) -> Bool { needles.contains { $0.occurs(at: start, in: haystack) } }
        guard let base = haystack.baseAddress else { return false }
        var chunk = 0
        while chunk + 8 <= haystack.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + chunk).loadUnaligned(as: UInt64.self))
            var candidates: UInt64 = 0
            for needle in needles where !needle.sharesFirstLetter { candidates |= needle.firstLetterLanes(in: word) }
            while candidates != 0 {
                if startsHere(chunk + candidates.trailingZeroBitCount / 8) { return true }
                candidates &= candidates - 1
            }
            chunk += 8
        }
        return (chunk..<haystack.count).contains(where: startsHere)
    }

    /// Whether `text` starts with `prefix` (ASCII), byte for byte.
    public static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        let prefix = Needle(prefix, ignoringASCIICase: false)
        return withBytes(text) { prefix.occurs(at: 0, in: $0) }
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

    /// A word to look for, and how a byte of the text is read before comparing it with a letter of the word
    /// when ASCII case is ignored: with bit 5 set, which turns `A`...`Z` into `a`...`z` and `a`...`z` into
    /// themselves (and would turn other bytes into letters, so only letters are compared this way).
    fileprivate struct Needle {
        let bytes: UnsafeBufferPointer<UInt8>
        let ignoringASCIICase: Bool
        /// An earlier word of the search starts with the same letter: its lanes are this one's.
        var sharesFirstLetter = false

        init(_ word: StaticString, ignoringASCIICase: Bool) {
            bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            self.ignoringASCIICase = ignoringASCIICase
        }

        /// An empty word occurs nowhere, nor does one with an upper-case letter when case is ignored.
        var canOccur: Bool { !bytes.isEmpty && !(ignoringASCIICase && bytes.contains(where: isUpperCase)) }

        /// 0x20 or 0: or-ed into a text byte compared with `letter`.
        private func folding(_ letter: UInt8) -> UInt8 {
            ignoringASCIICase && (0x61...0x7A).contains(letter) ? 0x20 : 0
        }

        /// The top bit of each byte of `word` (eight bytes of text, the first in the low bits) that is this
        /// word's first letter, and possibly of a byte above one (the borrow of the zero-byte test), which
        /// `occurs` then rejects; never misses one.
        func firstLetterLanes(in word: UInt64) -> UInt64 {
            let lanes: UInt64 = 0x0101_0101_0101_0101
            let differences = (word | lanes &* UInt64(folding(bytes[0]))) ^ lanes &* UInt64(bytes[0])
            return (differences &- lanes) & ~differences & (lanes &<< 7)
        }

        /// Whether the word is at `start` of `text`.
        func occurs(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
            guard text.count - start >= bytes.count else { return false }
            for offset in bytes.indices where text[start + offset] | folding(bytes[offset]) != bytes[offset] {
                return false
            }
            return true
        }
    }
}
