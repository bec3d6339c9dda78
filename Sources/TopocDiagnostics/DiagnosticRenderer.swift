/// Renders diagnostics as people read them:
///
///     lab.yaml:12:7: error[addr.outside-subnet]: 10.0.0.5 is outside subnet 192.168.0.0/24
///        12 |       ip: 10.0.0.5
///           |           ^
///     lab.yaml:8:13: note: the subnet of `cp` is declared here
///     help: ...
public struct DiagnosticRenderer: Sendable {
    /// Source text per file name, to quote the offending line.
    public var sources: [String: String]

    public init(sources: [String: String]) {
        self.sources = sources
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var lines: [String] = []
        for diagnostic in diagnostics.sortedForDisplay() {
            lines.append(contentsOf: render(diagnostic))
        }
        if !diagnostics.isEmpty {
            lines.append(summary(diagnostics))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    func render(_ diagnostic: Diagnostic) -> [String] {
        let location = diagnostic.location
        var lines = [
            "\(location.description): \(diagnostic.severity.rawValue)[\(diagnostic.id)]: \(diagnostic.message)"
        ]
        lines.append(contentsOf: excerpt(at: location))
        for note in diagnostic.notes {
            if let at = note.location {
                lines.append("\(at.description): note: \(note.message)")
            } else {
                lines.append("note: \(note.message)")
            }
        }
        if let help = diagnostic.help {
            lines.append("help: \(help)")
        }
        return lines
    }

    func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
    }

    /// The source line with a caret under the column; nothing when the line is not known.
    func excerpt(at location: SourceLocation) -> [String] {
        guard let text = sources[location.file], location.line >= 1 else { return [] }
        var current = 1
        var lineText: Substring?
        // Split on scalars: in Swift "\r\n" is one Character, so a Character split misses CRLF files.
        for candidate in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == location.line {
                lineText = Substring(candidate)
                break
            }
            current += 1
        }
        guard let line = lineText else { return [] }
        let shown = String(String.UnicodeScalarView(line.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
            .replacingTrailingCarriageReturn()
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let caretPad = String(repeating: " ", count: max(0, location.column - 1))
        return [" \(number) | \(shown)", " \(gutter) | \(caretPad)^"]
    }
}

extension String {
    fileprivate func replacingTrailingCarriageReturn() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
