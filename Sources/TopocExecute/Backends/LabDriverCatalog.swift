// Backends/ gives each target backend (TopocPlan's `TargetBackends`) its drivers. The backend asks for its
// own (`backend.drivers(from:)`), so the target was chosen once, in TopocPlan, and a backend added there does
// not compile until this catalog gives it drivers.
import TopocPlan

/// The drivers of every built target.
public struct LabDriverCatalog: DriverCatalog {
    /// Prepended to every command the host drivers run (e.g. `ip netns exec lab`).
    public var commandPrefix: [String]

    public init(commandPrefix: [String] = []) {
        self.commandPrefix = commandPrefix
    }

    public func drivers(for backend: QEMUBackend) -> any LabDrivers {
        HostDrivers(commandPrefix: commandPrefix)
    }

    /// The drivers of `backend`, or why there are none.
    public func drivers(of backend: any TargetBackend) throws(ExecutionError) -> any LabDrivers {
        guard let drivers = backend.drivers(from: self) else {
            throw ExecutionError("target `\(backend.target.rawValue)` has no drivers yet")
        }
        return drivers
    }
}
