import TopocDiagnostics
import TopocModel

/// Installing Open5GS from its package repository works on Ubuntu guests with the latest release only:
/// the PPA has no Debian builds, Debian 12's libcurl 7.88 breaks Open5GS's SBI after the first request, and
/// a 2.7 package aborts on the pre-2.7 configs `open5gs@2.6` asks for.
struct CoreInstallRule: ValidationRule {
    static let ids = ["core.install-distro", "core.install-version"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        guard let core = topology.core, core.software != .oai2, core.install == .package else { return [] }
        var found: [Diagnostic] = []
        if core.software == .open5gs26 {
            found.append(
                .warning(
                    "core.install-version",
                    "`install: package` installs the latest Open5GS (2.7 or later), which aborts on the 2.6-format configs `open5gs@2.6` emits",
                    at: core.origin[field: "software"],
                    help: "use `software: open5gs@2.7`, or `install: { command: ... }` for a 2.6 build"))
        }
        // The few VMs that run NFs, by position, in the order they were declared.
        var nfVMs: [Int] = []
        for vm in index.functionVMs where vm >= 0 && !nfVMs.contains(vm) { nfVMs.append(vm) }
        let vms = topology.vms
        nfVMs.sort { vms[$0].origin.location < vms[$1].origin.location }
        // Each image is looked at once, however many NF VMs run it: URLs are long.
        var debian = [Bool?](repeating: nil, count: topology.images.count)
        for position in nfVMs {
            let imageName = topology.vms[position].settings.image ?? topology.defaults.vm.image
            guard let imagePosition = imageName.flatMap({ index.images.position(of: $0) }) else { continue }
            let looksDebian = debian[imagePosition] ?? Self.looksDebian(topology.images[imagePosition])
            debian[imagePosition] = looksDebian
            guard looksDebian else { continue }
            let vm = topology.vms[position]
            let image = topology.images[imagePosition]
            found.append(
                .warning(
                    "core.install-distro",
                    "VM `\(vm.name)` runs image `\(image.name)`, which looks like Debian: the Open5GS package repository is Ubuntu-only, and Debian 12's libcurl 7.88 breaks Open5GS's SBI",
                    at: vm.origin.location, help: "use an Ubuntu image, or `core.install: { command: ... }`"))
        }
        return found
    }

    static func looksDebian(_ image: Image) -> Bool {
        looksDebian(image.name) || image.url.map(looksDebian) == true || image.path.map(looksDebian) == true
    }

    private static func looksDebian(_ text: String) -> Bool {
        TextSearch.contains(text, "debian", ignoringASCIICase: true)
            || TextSearch.contains(text, "bookworm", ignoringASCIICase: true)
            || TextSearch.contains(text, "bullseye", ignoringASCIICase: true)
    }
}
