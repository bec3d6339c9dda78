import TopocBind
import TopocDiagnostics
import TopocModel

/// Resources are positive and big enough to boot; hosts with a declared capacity are not overcommitted.
struct ResourceRule: ValidationRule {
    static let ids = ["resource.non-positive", "resource.too-small", "resource.too-large", "resource.overcommit"]
    /// QEMU's q35 machine takes at most 1024 vCPUs (and 288 without an IOMMU); more is a typo.
    static let maximumCPUs = 1024
    static let minimumMemory = ByteSize.mebibytes(64)

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found = settings(topology.defaults.vm, path: "defaults.vm")
        let vms = topology.vms
        for vm in vms.indices
        where Self.mayBeWrong(vms[vm].settings.cpus, vms[vm].settings.memory, vms[vm].settings.disk) {
            found += settings(vms[vm].settings, path: vms[vm].origin.path)
        }
        found += overcommit(topology)
        return found
    }

    /// Whether `settings` below could find anything.
    private static func mayBeWrong(_ cpus: Int?, _ memory: ByteSize?, _ disk: ByteSize?) -> Bool {
        if let cpus, cpus < 1 || cpus > maximumCPUs { return true }
        if let memory, memory < minimumMemory { return true }
        return disk?.bytes == 0
    }

    private func settings(_ settings: VMSettings, path: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if let cpus = settings.cpus, cpus < 1 {
            found.append(
                .error(
                    "resource.non-positive", "`\(path).cpus` must be at least 1, found \(cpus)",
                    at: settings.origin[VMKey.cpus]))
        }
        if let cpus = settings.cpus, cpus > Self.maximumCPUs {
            found.append(
                .error(
                    "resource.too-large", "`\(path).cpus` is \(cpus); QEMU takes at most \(Self.maximumCPUs)",
                    at: settings.origin[VMKey.cpus]))
        }
        if let memory = settings.memory, memory < Self.minimumMemory {
            let id = memory.bytes == 0 ? "resource.non-positive" : "resource.too-small"
            let help = memory.bytes > 0 ? "a size without a unit is bytes: did you mean `\(memory.bytes)MiB`?" : nil
            found.append(
                .error(
                    id, "`\(path).memory` is \(memory); a guest needs at least 64MiB",
                    at: settings.origin[VMKey.memory], help: help))
        }
        if let disk = settings.disk, disk.bytes == 0 {
            found.append(
                .error("resource.non-positive", "`\(path).disk` must not be 0", at: settings.origin[VMKey.disk]))
        }
        return found
    }

    private func overcommit(_ topology: Topology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for host in topology.hosts {
            let placed = topology.vms.filter { ($0.settings.host ?? topology.defaults.vm.host) == host.name }
            let memory = placed.reduce(UInt64(0)) {
                $0 + ($1.settings.memory ?? topology.defaults.vm.memory ?? .gibibytes(1)).bytes
            }
            let cpus = placed.reduce(0) { $0 + ($1.settings.cpus ?? topology.defaults.vm.cpus ?? 1) }
            if let capacity = host.cpus, cpus > capacity {
                found.append(
                    .warning(
                        "resource.overcommit", "the VMs on host `\(host.name)` have \(cpus) vCPUs; it has \(capacity)",
                        at: host.origin[HostKey.cpus]))
            }
            if let capacity = host.memory, memory > capacity.bytes {
                found.append(
                    .warning(
                        "resource.overcommit",
                        "the VMs on host `\(host.name)` need \(ByteSize(bytes: memory)) of memory; it has \(capacity)",
                        at: host.origin[HostKey.memory]))
            }
        }
        return found
    }
}
