import Foundation
import TopocDiagnostics
import TopocPlan

/// Reading a lab file and reporting its diagnostics, shared by the subcommands.
struct LabInput {
    let path: String
    let bytes: [UInt8]

    init(path: String) throws(CLIError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw CLIError("cannot read `\(path)`: \(reason)")
        }
        bytes = Array(data)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Prints diagnostics (text to stderr, or JSON to stdout) and says whether there were errors.
    func report(_ diagnostics: [Diagnostic], format: OutputFormat) -> Bool {
        switch format {
        case .text:
            if !diagnostics.isEmpty {
                let rendered = DiagnosticRenderer(sources: [path: text]).render(diagnostics)
                FileHandle.standardError.write(Data(rendered.utf8))
            }
        case .json:
            print(JSONOutput.encode(DiagnosticsReport(diagnostics: diagnostics.sortedForDisplay())))
        }
        return diagnostics.hasErrors
    }
}

struct DiagnosticsReport: Encodable {
    var diagnostics: [Diagnostic]
    var errors: Int
    var warnings: Int

    init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
        errors = diagnostics.filter { $0.severity == .error }.count
        warnings = diagnostics.filter { $0.severity == .warning }.count
    }
}

/// A failure of the command itself (not of the lab): printed as `topoc: error: ...`, exit 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
