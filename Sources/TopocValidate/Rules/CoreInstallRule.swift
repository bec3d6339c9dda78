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
        let vms = Set(
            core.functions.compactMap { nf -> String? in
                if case .vm(let vm) = nf.placement { return vm }
                return nil
            })
        // The few VMs that run NFs, found by name, in the order they were declared.
        let nfVMs = vms.compactMap { index.vms[$0] }.sorted { $0.origin.location < $1.origin.location }
        for vm in nfVMs {
            let imageName = vm.settings.image ?? topology.defaults.vm.image
            guard let image = imageName.flatMap({ index.images[$0] }), Self.looksDebian(image) else { continue }
            found.append(
                .warning(
                    "core.install-distro",
                    "VM `\(vm.name)` runs image `\(image.name)`, which looks like Debian: the Open5GS package repository is Ubuntu-only, and Debian 12's libcurl 7.88 breaks Open5GS's SBI",
                    at: vm.origin.location, help: "use an Ubuntu image, or `core.install: { command: ... }`"))
        }
        return found
    }

    static func looksDebian(_ image: Image) -> Bool {
        [image.name, image.url ?? "", image.path ?? ""].contains { text in
            ["debian", "bookworm", "bullseye"].contains { containsIgnoringASCIICase(text, $0) }
        }
    }

    /// Byte search, lower-casing ASCII letters of `text` only: `word` is lower-case ASCII. (Foundation's
    /// `lowercased().contains` cost a tenth of validating a small lab.)
    static func containsIgnoringASCIICase(_ text: String, _ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        let haystack = Array(text.utf8)
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        for start in 0...(haystack.count - needle.count) where lower(haystack[start]) == first {
            if needle.indices.allSatisfy({ lower(haystack[start + $0]) == needle[$0] }) { return true }
        }
        return false
    }
}
