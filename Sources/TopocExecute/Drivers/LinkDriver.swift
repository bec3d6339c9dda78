// Drivers/LinkDriver owns bridges and taps: created only when missing, then brought to the wanted MTU,
// address, master and state with the same `ip` steps the emitted network script uses (`HostStep`), so
// every call can be repeated. A link of the right name but the wrong kind is an error, never reused.
import Foundation
import TopocEmit
import TopocPlan

#if canImport(Glibc)
    import Glibc
#endif

/// What `ip -j -d link show` says about one link.
struct LinkInfo: Equatable {
    /// `bridge`, `tun`, `veth`, … (nil for a plain device).
    var kind: String?
    var mtu: Int?
    var master: String?
}

extension HostDrivers {
    public func createBridge(_ bridge: DesiredResource, lab: LabContext) async throws(ExecutionError)
        -> [String: String]
    {
        let name = bridge.id.name
        let mtu = Int(bridge.attributes["mtu"] ?? "") ?? 1500
        var steps: [HostStep] = []
        if let existing = try await link(name) {
            guard existing.kind == Self.kernelKind(of: .bridge) else {
                throw wrongKind(name, existing, wanted: "bridge")
            }
        } else {
            steps.append(.createBridge(name: name, mtu: mtu))
        }
        steps.append(.setMTU(device: name, mtu: mtu))
        if let address = bridge.attributes["address"] { steps.append(.addAddress(device: name, cidr: address)) }
        steps.append(.setUp(device: name))
        try await run(steps, for: bridge.id)
        var attributes = ["name": name, "mtu": String(mtu)]
        attributes["address"] = bridge.attributes["address"]
        return attributes
    }

    public func createTap(_ tap: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        let name = tap.id.name
        let mtu = Int(tap.attributes["mtu"] ?? "") ?? 1500
        let bridge = tap.attributes["bridge"] ?? ""
        var steps: [HostStep] = []
        if let existing = try await link(name) {
            guard existing.kind == Self.kernelKind(of: .tap) else { throw wrongKind(name, existing, wanted: "tap") }
        } else {
            steps.append(.createTap(name: name))
        }
        steps.append(.setMTU(device: name, mtu: mtu))
        if !bridge.isEmpty { steps.append(.attach(tap: name, bridge: bridge)) }
        steps.append(.setUp(device: name))
        try await run(steps, for: tap.id)
        return ["name": name, "mtu": String(mtu), "bridge": bridge]
    }

    /// A link of that name but of another kind is not ours (ours is gone and the name was reused): it stays.
    public func deleteLink(_ link: RecordedResource, lab: LabContext) async throws(ExecutionError) {
        let name = link.id.name
        guard let existing = try await self.link(name), existing.kind == Self.kernelKind(of: link.id.kind) else {
            return
        }
        let result = try await runner.run(tool(HostStep.deleteLink(name: name).argv))
        // Gone meanwhile is as good as deleted.
        if !result.succeeded, try await self.link(name) != nil {
            throw CommandRunner.failure(result, doing: "deleting \(link.id)")
        }
    }

    /// What the kernel calls a link of this kind (`info_kind`).
    static func kernelKind(of kind: ResourceID.Kind) -> String? {
        switch kind {
        case .bridge: "bridge"
        case .tap: "tun"
        case .image, .vm: nil
        }
    }

    func linkStatus(_ resource: RecordedResource) -> LiveStatus {
        let name = resource.id.name
        let noun = resource.id.kind == .bridge ? "bridge" : "tap"
        let info: LinkInfo?
        do {
            info = try probeLink(name)
        } catch {
            return .missing("\(noun) \(name) cannot be inspected: \(error.message)")
        }
        guard let info else { return .missing("\(noun) \(name) does not exist") }
        guard info.kind == Self.kernelKind(of: resource.id.kind) else {
            return .missing("\(name) is a \(info.kind ?? "plain device") now, not a \(noun)")
        }
        if resource.id.kind == .tap, let bridge = resource.attributes["bridge"], !bridge.isEmpty,
            info.master != bridge
        {
            return .missing("tap \(name) is not attached to bridge \(bridge)")
        }
        return .present
    }

    private func run(_ steps: [HostStep], for id: ResourceID) async throws(ExecutionError) {
        for step in steps {
            try await runner.check(tool(step.argv), doing: "setting up \(id)")
        }
    }

    private func wrongKind(_ name: String, _ info: LinkInfo, wanted: String) -> ExecutionError {
        ExecutionError(
            "a link named \(name) already exists but is a \(info.kind ?? "plain device"), not a \(wanted): "
                + "remove it or rename the network")
    }

    /// The link called `name` in the drivers' network namespace, nil when there is none.
    func link(_ name: String) async throws(ExecutionError) -> LinkInfo? {
        let result = try await runner.run(tool(["ip", "-j", "-d", "link", "show", "dev", name]))
        return try Self.parseLink(result, name: name)
    }

    /// Synchronous lookup for drift checks: /sys/class/net when the drivers work in our own namespace,
    /// `ip` through the prefix otherwise (sysfs shows the namespace of whoever mounted it).
    func probeLink(_ name: String) throws(ExecutionError) -> LinkInfo? {
        guard runner.prefix.isEmpty else {
            let command = HostCommand(["ip", "-j", "-d", "link", "show", "dev", name], timeout: 10)
            return try Self.parseLink(try runner.runBlocking(command), name: name)
        }
        guard !name.contains("/"), !name.isEmpty else { return nil }
        let folder = "/sys/class/net/\(name)"
        guard Files.exists(folder) else { return nil }
        var info = LinkInfo()
        if Files.exists(folder + "/bridge") {
            info.kind = "bridge"
        } else if Files.exists(folder + "/tun_flags") {
            info.kind = "tun"
        }
        info.mtu = (try? String(contentsOfFile: folder + "/mtu", encoding: .utf8)).flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/master") {
            info.master = (target as NSString).lastPathComponent
        }
        return info
    }

    static func parseLink(_ result: CommandOutput, name: String) throws(ExecutionError) -> LinkInfo? {
        guard result.succeeded else {
            if result.stderr.contains("does not exist") { return nil }
            throw CommandRunner.failure(result, doing: "looking up link \(name)")
        }
        guard let links = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [[String: Any]],
            let link = links.first
        else {
            throw ExecutionError("ip -j link show printed something that is not a list of links", stderr: result.stdout)
        }
        let linkInfo = link["linkinfo"] as? [String: Any]
        return LinkInfo(
            kind: linkInfo?["info_kind"] as? String, mtu: link["mtu"] as? Int, master: link["master"] as? String)
    }
}
