// Render/ShellQuoting owns how one word becomes POSIX shell text. Every word of every emitted script goes
// through it, so a topology value can never turn into shell syntax.

/// POSIX `sh` quoting of single words.
public enum ShellQuoting {
    /// Characters that are never special to `sh` in any position of a word.
    private static let bare = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-".unicodeScalars)

    /// The word as `sh` text: bare when it is made only of safe characters, else single-quoted with each `'`
    /// written as `'\''`. The empty word is `''`.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.utf8.allSatisfy(isBare) { return word }
        return "'" + word.replacingAll("'", with: "'\\''") + "'"
    }

    private static func isBare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "_@%+=:,./-".utf8.contains(byte)
        }
    }

    /// A command line: each word quoted, joined by single spaces.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }
}

extension String {
    /// Replaces every occurrence of `target` (non-empty) without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}
