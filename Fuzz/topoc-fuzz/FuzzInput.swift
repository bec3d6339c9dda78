// What one fuzz input goes through: the whole pipeline a user's file goes through in `topoc plan` (parse,
// decode, validate, resolve, emit), then the rendering of its diagnostics. Nothing is written to disk.
// A crash, a hang or a sanitizer report anywhere in there is a bug; so is breaking the promises below.
import TopocDiagnostics
import TopocPlan

enum FuzzInput {
    static let file = "fuzz.yaml"

    static func run(_ bytes: [UInt8]) {
        let result = Compiler.compile(bytes: bytes, file: file)
        let source = String(decoding: bytes, as: UTF8.self)
        let rendered = DiagnosticRenderer(sources: [file: source]).render(result.diagnostics)
        if result.diagnostics.hasErrors {
            precondition(result.artifacts.isEmpty, "artifacts were emitted for a lab with errors:\n\(rendered)")
        } else {
            precondition(result.resolved != nil, "a lab without errors was not resolved")
        }
    }
}
