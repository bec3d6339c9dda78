// Render/ShellScript owns the text of emitted `sh` scripts. Emitters describe a script as lines of argv
// arrays and comments; only this renderer writes shell syntax, and it quotes every word it did not author.

/// One line (or block) of a generated script.
public indirect enum ShellLine: Equatable, Sendable {
    /// `# text`; line breaks in the text become spaces, so a comment cannot end early.
    case comment(String)
    case blank
    /// A command, each word quoted.
    case command([String])
    /// `guard || command`: run `command` only when `guard` fails (used to make creation idempotent).
    case unless(guard: [String], then: [String])
    /// `if guard; then command; fi`: run `command` only when `guard` succeeds.
    case when(guard: [String], then: [String])
    /// `exec` of one long command: its first group on the `exec` line, then one group per line, joined with
    /// ` \` continuations; with `forwardingArguments`, the script's own arguments (`"$@"`) come last.
    case exec([[String]], forwardingArguments: Bool)
    /// A function definition; an empty body becomes `:` so the script stays valid.
    case function(name: String, body: [ShellLine])
    /// Text authored by topoc itself, never containing a topology value (e.g. the argument `case`).
    case fixed(String)
}

/// Renders scripts for `/bin/sh`.
public enum ShellScript {
    public static func render(_ lines: [ShellLine]) -> String {
        var output = ["#!/bin/sh"]
        for line in lines { output += render(line, indent: "") }
        return output.joined(separator: "\n") + "\n"
    }

    private static func render(_ line: ShellLine, indent: String) -> [String] {
        switch line {
        case .comment(let text):
            return [indent + "# " + oneLine(text)]
        case .blank:
            return [""]
        case .command(let words):
            return [indent + ShellQuoting.join(words)]
        case .unless(let condition, let command):
            return [indent + ShellQuoting.join(condition) + " || " + ShellQuoting.join(command)]
        case .when(let condition, let command):
            return [indent + "if " + ShellQuoting.join(condition) + "; then " + ShellQuoting.join(command) + "; fi"]
        case .exec(let groups, let forwarding):
            return execLines(groups.map(ShellQuoting.join) + (forwarding ? ["\"$@\""] : []), indent: indent)
        case .function(let name, let body):
            let inner = body.isEmpty ? [indent + "    :"] : body.flatMap { render($0, indent: indent + "    ") }
            return [indent + name + "() {"] + inner + [indent + "}"]
        case .fixed(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }
        }
    }

    /// The text with its line breaks made spaces, so a comment cannot end early. A text of printable ASCII
    /// has none, and most comments are that: they skip the split into `Character`s.
    private static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x80 }) else { return text }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func execLines(_ texts: [String], indent: String) -> [String] {
        guard let first = texts.first else { return [] }
        var lines = [indent + "exec " + first]
        for text in texts.dropFirst() {
            lines[lines.count - 1] += " \\"
            lines.append(indent + "    " + text)
        }
        return lines
    }
}
