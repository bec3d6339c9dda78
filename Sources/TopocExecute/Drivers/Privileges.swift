// Drivers/Privileges owns refusing early: creating, changing or deleting bridges and taps, and starting a
// QEMU that opens a tap, need CAP_NET_ADMIN. Better one clear sentence before anything runs than an `ip`
// error half-way through an apply.
import TopocPlan

extension HostDrivers {
    public func checkPrivileges(for changes: ChangeSet) throws(ExecutionError) {
        if let refusal = Self.refusal(for: changes, capabilities: ProcessTable.effectiveCapabilities()) {
            throw refusal
        }
    }

    /// The error for `changes` given the effective capability set (nil: unknown, i.e. none).
    static func refusal(for changes: ChangeSet, capabilities: UInt64?) -> ExecutionError? {
        let needing = needingNetAdmin(changes)
        guard !needing.isEmpty, (capabilities ?? 0) & (1 << UInt64(ProcessTable.netAdmin)) == 0 else { return nil }
        let names = needing.prefix(3).map(\.description).joined(separator: ", ")
        let more = needing.count > 3 ? " and \(needing.count - 3) more" : ""
        return ExecutionError("\(names)\(more) needs CAP_NET_ADMIN (run as root, or use `mode: socket` networks)")
    }

    /// The resources whose changes touch host links: bridges and taps themselves, and VMs started on taps.
    static func needingNetAdmin(_ changes: ChangeSet) -> [ResourceID] {
        changes.changes.filter { change in
            switch (change.id.kind, change.action) {
            case (_, .noop): false
            case (.bridge, _), (.tap, _): true
            case (.vm, .delete): false
            case (.vm, _): change.desired?.dependencies.contains { $0.kind == .tap } ?? false
            case (.image, _): false
            }
        }.map(\.id)
    }
}
