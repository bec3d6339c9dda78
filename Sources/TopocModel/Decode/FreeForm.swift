import TopocDiagnostics
import TopocYAML

/// Free-form YAML (per-NF `config:` overrides) turned into a document value, typing plain scalars as the
/// YAML 1.2 core schema does. Recursion is bounded by the parser's nesting cap.
enum FreeForm {
    static func mapping(_ node: YAMLNode, path: String, context: inout DecodeContext) -> YAMLValue? {
        guard node.mapping != nil else {
            context.typeError("a mapping", at: node, path: path)
            return nil
        }
        return value(node)
    }

    static func value(_ node: YAMLNode) -> YAMLValue {
        switch node.content {
        case .scalar(let scalar):
            return scalarValue(scalar)
        case .sequence(let items):
            return .sequence(items.map(value))
        case .mapping(let pairs):
            return .mapping(pairs.map { ($0.key.scalar?.text ?? "", value($0.value)) })
        }
    }

    static func scalarValue(_ scalar: YAMLScalar) -> YAMLValue {
        guard scalar.isPlain else { return .string(scalar.text) }
        if scalar.isNull { return .null }
        if scalar.text == "true" { return .bool(true) }
        if scalar.text == "false" { return .bool(false) }
        if DecodeContext.isDecimal(scalar.text), let number = Int(scalar.text) { return .int(number) }
        return .string(scalar.text)
    }
}
