/// Renders a change set the way Terraform users read plans: one line per resource with a symbol, the
/// reasons below it, and a summary. Colors only when asked (a terminal).
public struct ChangeRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    static let symbols: [ChangeAction: String] = [
        .create: "+", .update: "~", .replace: "-/+", .delete: "-", .noop: " ",
    ]
    static let colors: [ChangeAction: String] = [
        .create: "\u{1B}[32m", .update: "\u{1B}[33m", .replace: "\u{1B}[35m", .delete: "\u{1B}[31m",
    ]

    public func render(_ set: ChangeSet, showUnchanged: Bool = false) -> String {
        var lines: [String] = []
        for change in set.changes where change.action != .noop || showUnchanged {
            let symbol = Self.symbols[change.action] ?? "?"
            let head = "\(symbol.padding(3)) \(change.id) (\(change.action.rawValue))"
            lines.append(paint(head, change.action))
            lines += change.reasons.map { "      \($0)" }
        }
        lines.append(summary(set))
        return lines.map { $0 + "\n" }.joined()
    }

    public func summary(_ set: ChangeSet) -> String {
        guard set.hasChanges else { return "No changes: lab \(set.lab) matches its topology." }
        let parts = [ChangeAction.create, .update, .replace, .delete].map { "\(set.count($0)) to \($0.rawValue)" }
        return "Plan: " + parts.joined(separator: ", ") + "."
    }

    private func paint(_ text: String, _ action: ChangeAction) -> String {
        guard color, let code = Self.colors[action] else { return text }
        return code + text + "\u{1B}[0m"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
