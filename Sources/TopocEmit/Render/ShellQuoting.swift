// Render/ShellQuoting owns how one word becomes POSIX shell text. Every word of every emitted script goes
// through it, so a topology value can never turn into shell syntax.

/// POSIX `sh` quoting of single words.
public enum ShellQuoting {
    /// The word as `sh` text: bare when it is made only of safe characters, else single-quoted with each `'`
    /// written as `'\''`. The empty word is `''`.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.utf8.allSatisfy(isBare) { return word }
        return "'" + word.replacingAll("'", with: "'\\''") + "'"
    }

    /// Characters that are never special to `sh` in any position of a word.
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
    /// Replaces every occurrence of `target` without Foundation. Scalar by scalar: the shell, QEMU and SQL
    /// read the bytes, so a quote followed by a combining mark must be replaced too, though as a `Character`
    /// it would not be a quote.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(target) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if scalar == target {
                result += replacement
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
