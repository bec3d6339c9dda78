import TopocBind
import TopocDiagnostics
import TopocModel

/// Installing Open5GS from its package repository works on Ubuntu guests with the latest release only:
/// the PPA has no Debian builds, Debian 12's libcurl 7.88 breaks Open5GS's SBI after the first request, and
/// a 2.7 package aborts on the pre-2.7 configs `open5gs@2.6` asks for.
struct CoreInstallRule: ValidationRule {
    static let ids = ["core.install-distro", "core.install-version"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        return check(core, topology, bound)
    }

    private func check(_ core: Core, _ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard core.software != .oai2, case .package = core.install else { return [] }
        var found: [Diagnostic] = []
        if core.software == .open5gs26 {
            found.append(
                .warning(
                    "core.install-version",
                    "`install: package` installs the latest Open5GS (2.7 or later), which aborts on the 2.6-format configs `open5gs@2.6` emits",
                    at: core.origin[CoreKey.software],
                    help: "use `software: open5gs@2.7`, or `install: { command: ... }` for a 2.6 build"))
        }
        // The images that look like Debian, then the NF VMs that run one.
        let images = topology.images
        let debian = images.indices.filter { Self.looksDebian(images, $0) }
        guard !debian.isEmpty else { return found }
        // The VMs that run NFs, in the order they were declared.
        let vms = topology.vms
        let nfVMs = Set(bound.functionVMs.compactMap { $0 }).sorted {
            vms[$0].origin.location < vms[$1].origin.location
        }
        for position in nfVMs {
            let imageName = vms[position].settings.image ?? topology.defaults.vm.image
            guard let imagePosition = imageName.flatMap({ bound.images.position(of: $0) }),
                debian.contains(imagePosition)
            else { continue }
            let vm = vms[position]
            found.append(
                .warning(
                    "core.install-distro",
                    "VM `\(vm.name)` runs image `\(images[imagePosition].name)`, which looks like Debian: the Open5GS package repository is Ubuntu-only, and Debian 12's libcurl 7.88 breaks Open5GS's SBI",
                    at: vm.origin.location, help: "use an Ubuntu image, or `core.install: { command: ... }`"))
        }
        return found
    }

    /// Whether image `position` names Debian or one of its releases.
    private static func looksDebian(_ images: [Image], _ position: Int) -> Bool {
        ImageWords.mention(["debian", "bookworm", "bullseye"], image: position, in: images)
    }
}
