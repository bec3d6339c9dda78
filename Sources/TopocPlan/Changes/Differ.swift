/// Desired resources + recorded state + what is live on the machine -> the changes that make them agree.
public enum Differ {
    /// - Parameter live: how a recorded resource is doing on the machine now (probed by the executor).
    public static func diff(
        lab: String, desired: [DesiredResource], state: LabState?, live: (RecordedResource) -> LiveStatus
    ) -> ChangeSet {
        var changes: [ResourceID: Change] = [:]
        let recorded = state?.resources ?? [:]
        for resource in desired {
            changes[resource.id] = change(for: resource, recorded: recorded[resource.id], live: live)
        }
        for (id, resource) in recorded where changes[id] == nil {
            changes[id] = Change(action: .delete, id: id, reasons: ["no longer in the topology"], recorded: resource)
        }
        cascade(&changes, desired: desired)
        return ChangeSet(lab: lab, changes: Array(changes.values))
    }

    static func change(
        for desired: DesiredResource, recorded: RecordedResource?, live: (RecordedResource) -> LiveStatus
    )
        -> Change
    {
        guard let recorded else {
            return Change(
                action: .create, id: desired.id, reasons: ["not created yet"], facets: Array(desired.digests.keys),
                desired: desired)
        }
        let changed = desired.digests.keys.filter { desired.digests[$0] != recorded.digests[$0] }.sorted()
        var result = Change(action: .noop, id: desired.id, facets: changed, desired: desired, recorded: recorded)
        let status = live(recorded)
        switch (desired.id.kind, changed.isEmpty, status) {
        case (.vm, false, _):
            (result.action, result.reasons) = vmChange(changed, desired, recorded)
        case (_, false, _):
            result.action = .replace
            result.reasons = changed.map(reason)
        case (.vm, true, .missing(let why)):
            result.action = .update
            result.reasons = ["drift: \(why)"]
        case (_, true, .missing(let why)):
            result.action = .create
            result.facets = Array(desired.digests.keys).sorted()
            result.reasons = ["drift: \(why)"]
        case (_, true, .present):
            break
        }
        return result
    }

    /// A new disk replaces the VM; a new command line restarts it on its disk; a new seed updates it.
    static func vmChange(_ changed: [Facet], _ desired: DesiredResource, _ recorded: RecordedResource)
        -> (ChangeAction, [String])
    {
        var reasons = changed.map(reason)
        if changed.contains(.machine) {
            reasons = reasons.map { $0 == reason(.machine) ? commandLineReason(desired, recorded) : $0 }
        }
        if changed.contains(.disk) || changed.contains(.machine) { return (.replace, reasons) }
        return (.update, reasons)
    }

    static func reason(_ facet: Facet) -> String {
        switch facet {
        case .source: "the image source changed (URL, path or checksum)"
        case .link: "link settings changed (MTU, address or bridge)"
        case .disk: "the disk changed (base image or size): a new disk is made"
        case .machine: "the QEMU command line changed"
        case .seed: "cloud-init changed: the seed is rebuilt and the guest restarted"
        }
    }

    /// Names the words of the command line that differ, e.g. "`-m 512M` -> `-m 1024M`".
    static func commandLineReason(_ desired: DesiredResource, _ recorded: RecordedResource) -> String {
        let new = (desired.attributes["command"] ?? "").split(separator: " ")
        let old = (recorded.attributes["command"] ?? "").split(separator: " ")
        guard new.count == old.count, !new.isEmpty else {
            return "the QEMU command line changed (restarted on the same disk)"
        }
        let pairs = zip(old, new).enumerated().filter { $0.element.0 != $0.element.1 }.prefix(4).map { index, pair in
            let option = index > 0 && old[index - 1].hasPrefix("-") ? "\(old[index - 1]) " : ""
            return "`\(option)\(pair.0)` -> `\(option)\(pair.1)`"
        }
        return "the QEMU command line changed: " + pairs.joined(separator: ", ") + " (restarted on the same disk)"
    }

    /// Re-creating a bridge detaches its taps; re-creating a tap cuts the VM's link: both need a follow-up.
    static func cascade(_ changes: inout [ResourceID: Change], desired: [DesiredResource]) {
        func rebuilt(_ id: ResourceID, _ changes: [ResourceID: Change]) -> Bool {
            guard let change = changes[id], change.recorded != nil else { return false }
            return change.action == .create || change.action == .replace
        }
        for resource in desired where resource.id.kind == .tap {
            guard let bridge = resource.attributes["bridge"], rebuilt(ResourceID(.bridge, bridge), changes),
                changes[resource.id]?.action == .noop
            else { continue }
            changes[resource.id]?.action = .update
            changes[resource.id]?.reasons = ["bridge \(bridge) is re-created: the tap is attached again"]
        }
        for resource in desired where resource.id.kind == .vm {
            let current = changes
            let taps = resource.dependencies.filter { $0.kind == .tap && rebuilt($0, current) }
            guard !taps.isEmpty, changes[resource.id]?.action == .noop else { continue }
            changes[resource.id]?.action = .update
            changes[resource.id]?.reasons = [
                "tap \(taps.map(\.name).joined(separator: ", ")) is re-created: QEMU restarts"
            ]
        }
    }
}
