// TopocPlan runs the pipeline (decode -> bind -> validate -> resolve -> emit, with the target's backend
// picked in Backends/) and describes its result: the artifacts, what changes against what is on disk, and a
// summary for people. It does no I/O itself:
// callers pass bytes in and get bytes out.
import TopocBind
import TopocDiagnostics
import TopocEmit
import TopocModel
import TopocResolve
import TopocValidate

public struct CompileOptions: Sendable {
    /// Overrides the file's `target:` (`topoc plan --target`).
    public var target: Target?
    /// The lab is compiled to be applied (`diff`, `apply`): a target without drivers is an error then, not a
    /// warning.
    public var forApply: Bool

    public init(target: Target? = nil, forApply: Bool = false) {
        self.target = target
        self.forApply = forApply
    }
}

/// Everything one compilation produced. Stages after the first one with errors do not run.
public struct Compilation: Sendable {
    public var diagnostics: [Diagnostic]
    public var topology: Topology?
    /// The topology with its references resolved (when it decoded).
    public var bound: BoundTopology?
    public var resolved: ResolvedTopology?
    public var artifacts: [Artifact]

    public var succeeded: Bool { !diagnostics.hasErrors && resolved != nil }
}

public enum Compiler {
    /// Decode and validate only (`topoc validate`).
    public static func check(bytes: [UInt8], file: String, options: CompileOptions = CompileOptions()) -> Compilation {
        let decoded = TopologyDecoder.decode(bytes: bytes, file: file)
        var diagnostics = decoded.diagnostics
        if diagnostics.hasErrors {
            return Compilation(diagnostics: diagnostics, topology: decoded.topology, resolved: nil, artifacts: [])
        }
        guard var topology = decoded.topology else {
            return Compilation(diagnostics: diagnostics, topology: nil, resolved: nil, artifacts: [])
        }
        if let target = options.target { topology.target = target }
        // Bind and Validate report together: a dangling reference stays unbound, and the rules skip
        // unbound links, so one run reports every error of the topology as written.
        let (bound, dangling) = Binder.bind(topology)
        diagnostics += dangling
        diagnostics += Validator.validate(bound)
        // What the target does not build yet is asked once the lab is valid: a stage of its own.
        if !diagnostics.hasErrors {
            let request = BackendRequest(fromCommandLine: options.target != nil, forApply: options.forApply)
            diagnostics += TargetBackends.backend(for: topology.target).unbuilt(in: topology, request)
        }
        var result = Compilation(diagnostics: diagnostics, topology: topology, resolved: nil, artifacts: [])
        result.bound = bound
        return result
    }

    /// The whole pipeline (`topoc plan`).
    public static func compile(bytes: [UInt8], file: String, options: CompileOptions = CompileOptions()) -> Compilation
    {
        var result = check(bytes: bytes, file: file, options: options)
        guard let topology = result.topology, let bound = result.bound, !result.diagnostics.hasErrors else {
            return result
        }
        let resolved = Resolver.resolve(bound)
        result.resolved = resolved
        do {
            result.artifacts = try TargetBackends.artifacts(resolved)
        } catch {
            result.diagnostics.append(
                .error("emit.failed", "could not write the artifacts: \(error)", at: topology.origin.location))
        }
        return result
    }

    public static func compile(text: String, file: String, options: CompileOptions = CompileOptions()) -> Compilation {
        compile(bytes: Array(text.utf8), file: file, options: options)
    }
}
