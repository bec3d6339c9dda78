import TopocDiagnostics
import TopocModel

/// Installing Open5GS from its package repository works on Ubuntu guests with the latest release only:
/// the PPA has no Debian builds, Debian 12's libcurl 7.88 breaks Open5GS's SBI after the first request, and
/// a 2.7 package aborts on the pre-2.7 configs `open5gs@2.6` asks for.
struct CoreInstallRule: ValidationRule {
    static let ids = ["core.install-distro", "core.install-version"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        topology.core.withBorrowed { check($0, topology, index) } ?? []
    }

    private func check(_ core: borrowing Core, _ topology: borrowing Topology, _ index: borrowing TopologyIndex)
        -> [Diagnostic]
    {
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
        // Each image is looked at once, however many NF VMs run it (URLs are long); usually none looks like
        // Debian, and then no VM needs looking at.
        let images = topology.images
        let debian = images.indices.filter { Self.looksDebian(images, $0) }
        guard !debian.isEmpty else { return found }
        // The few VMs that run NFs, by position, in the order they were declared.
        var nfVMs: [Int] = []
        for vm in index.functionVMs where vm >= 0 && !nfVMs.contains(vm) { nfVMs.append(vm) }
        let vms = topology.vms
        nfVMs.sort { vms[$0].origin.location < vms[$1].origin.location }
        for position in nfVMs {
            let imageName = vms[position].settings.image ?? topology.defaults.vm.image
            guard let imagePosition = imageName.flatMap({ index.images.position(of: $0) }),
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

    /// Whether image `position` names Debian in its name, URL or path, read in place (a copy of an image
    /// retains all it holds).
    private static func looksDebian(_ images: [Image], _ position: Int) -> Bool {
        looksDebian(images[position].name) || images[position].url.map(looksDebian) == true
            || images[position].path.map(looksDebian) == true
    }

    /// Whether `text` holds `debian`, `bookworm` or `bullseye`, ASCII case ignored: one pass over a URL for
    /// the three words (three searches measured slower: `d` and `b` recur in URLs).
    private static func looksDebian(_ text: String) -> Bool {
        debianWords.occur(in: text)
    }

    private static let debianWords = TextSearch.Words(["debian", "bookworm", "bullseye"], ignoringASCIICase: true)
}
