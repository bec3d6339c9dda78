/// How every message shows a value the user wrote: in backticks, and at most `quotedLimit` characters of it,
/// so a 5 MB scalar makes a short message, not a 10 MB one. `"unknown key \(quoted: key)"`.
extension DefaultStringInterpolation {
    /// The most characters of a value a message quotes.
    public static var quotedLimit: Int { 60 }

    /// `value` in backticks; a longer one cut, with an ellipsis and its total length: `` `aaaa…` (5000000 characters) ``.
    public mutating func appendInterpolation(quoted value: some StringProtocol) {
        let limit = Self.quotedLimit
        guard value.count > limit else {
            appendLiteral("`\(value)`")
            return
        }
        appendLiteral("`\(value.prefix(limit))…` (\(value.count) characters)")
    }
}
