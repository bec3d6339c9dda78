import TopocEmit
import TopocModel

/// The plan as people read it: what the lab is made of, with the derived values, and what will be written.
public enum PlanSummary {
    public static func render(_ lab: ResolvedTopology, changes: [ArtifactChange]) -> String {
        var lines = ["lab \(lab.name) (target \(lab.target.rawValue), lab id \(lab.labID))", ""]
        lines += networkLines(lab)
        lines += vmLines(lab)
        lines += coreLines(lab)
        lines += hostLines(lab)
        lines += changeLines(changes)
        if !lab.notes.isEmpty {
            lines.append("")
            lines += lab.notes.map { "note: \($0)" }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func networkLines(_ lab: ResolvedTopology) -> [String] {
        guard !lab.networks.isEmpty else { return [] }
        var lines = ["networks:"]
        for network in lab.networks {
            var parts = [network.mode.rawValue]
            if let subnet = network.subnet { parts.append(subnet.description) }
            if let subnet6 = network.subnet6 { parts.append(subnet6.description) }
            if let bridge = network.bridge { parts.append("bridge \(bridge)") }
            if network.mtu != 1500 { parts.append("mtu \(network.mtu)") }
            switch network.socketTransport {
            case .stream(let path, let server): parts.append("stream \(path) (server \(server))")
            case .multicast(let group, let port): parts.append("multicast \(group):\(port)")
            case nil: break
            }
            parts.append("\(network.members.count) members")
            lines.append("  \(network.name): " + parts.joined(separator: ", "))
        }
        return lines + [""]
    }

    static func vmLines(_ lab: ResolvedTopology) -> [String] {
        guard !lab.vms.isEmpty else { return [] }
        var lines = ["vms:"]
        for vm in lab.vms {
            let forwards = vm.management.forwards.map { "\($0.service) \($0.hostPort)->\($0.guestPort)" }
            lines.append(
                "  \(vm.name): \(vm.cpus) cpu, \(vm.memory), image \(vm.image.name), host \(vm.host), accel \(vm.accel.rawValue); "
                    + forwards.joined(separator: ", "))
            for nic in vm.interfaces {
                var parts = [nic.guestName, nic.mac.description]
                if let ip = nic.ipv4, let prefix = nic.prefix { parts.append("\(ip)/\(prefix)") }
                if let ip6 = nic.ipv6, let prefix6 = nic.prefix6 { parts.append("\(ip6)/\(prefix6)") }
                if let tap = nic.tap { parts.append("tap \(tap)") }
                lines.append("    \(nic.network): " + parts.joined(separator: " "))
            }
        }
        return lines + [""]
    }

    static func coreLines(_ lab: ResolvedTopology) -> [String] {
        guard let core = lab.core else { return [] }
        var lines = [
            "core: \(core.software.rawValue), PLMN \(core.plmn), TACs \(core.tacs.map(String.init).joined(separator: ","))"
        ]
        for nf in core.functions {
            let place: String
            switch nf.placement {
            case .vm(let vm): place = "on \(vm)"
            case .pod(let pod): place = "pod" + (pod.node.map { " on \($0)" } ?? "")
            }
            lines.append("  \(nf.name): \(nf.kind.rawValue) \(place)")
        }
        for dnn in core.dnns {
            lines.append("  dnn \(dnn.name): \(dnn.subnet)" + (dnn.upf.map { " via \($0)" } ?? ""))
        }
        if !lab.slices.isEmpty {
            lines.append(
                "  slices: "
                    + lab.slices.map { "\($0.name) (sst \($0.sst)" + ($0.sd.map { ", sd \($0)" } ?? "") + ")" }.joined(
                        separator: ", "))
        }
        return lines + [""]
    }

    /// The host network steps each host needs (bridge-mode networks only).
    static func hostLines(_ lab: ResolvedTopology) -> [String] {
        var lines: [String] = []
        for host in lab.hosts {
            guard let plan = try? HostNetworkPlan(host: host.name, in: lab), !plan.up.isEmpty else { continue }
            let bridges = plan.up.filter { if case .createBridge = $0 { true } else { false } }.count
            let taps = plan.up.filter { if case .createTap = $0 { true } else { false } }.count
            lines.append(
                "host \(host.name): \(count(bridges, "bridge")), \(count(taps, "tap")) "
                    + "(\(count(plan.up.count, "step")) up, \(plan.down.count) down)")
        }
        return lines.isEmpty ? [] : lines + [""]
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func changeLines(_ changes: [ArtifactChange]) -> [String] {
        let counts = Dictionary(grouping: changes, by: \.action).mapValues(\.count)
        var lines = [
            "artifacts: \(changes.filter { $0.action != .delete }.count) "
                + "(\(counts[.create] ?? 0) to create, \(counts[.update] ?? 0) to update, "
                + "\(counts[.unchanged] ?? 0) unchanged, \(counts[.delete] ?? 0) to delete)"
        ]
        let symbols: [ArtifactChange.Action: String] = [.create: "+", .update: "~", .delete: "-"]
        for change in changes where change.action != .unchanged {
            lines.append("  \(symbols[change.action] ?? " ") \(change.path)")
        }
        return lines
    }
}
