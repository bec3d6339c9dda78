import TopocBind
import TopocDiagnostics
import TopocModel

/// Images are verifiable and bootable: a downloaded image has a checksum, kernel options need a kernel,
/// and every VM ends up with an image.
struct ImageRule: ValidationRule {
    static let ids = ["image.no-checksum", "image.kernel-required", "vm.no-image"]

    /// The fields that need a `kernel`, in the order they are reported.
    private static let kernelOptions: [ImageKey] = [.initrd, .cmdline]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let images = topology.images
        for position in images.indices {
            if images[position].url != nil, images[position].sha256 == nil {
                let image = images[position]
                found.append(
                    .error(
                        "image.no-checksum", "image `\(image.name)` is downloaded without a checksum",
                        at: image.origin[ImageKey.url],
                        help: "add `sha256:` with the published checksum, so a changed or corrupted download is refused"
                    ))
            }
            guard images[position].kernel == nil else { continue }
            for field in Self.kernelOptions where images[position].origin.wrote(field) {
                let image = images[position]
                found.append(
                    .error(
                        "image.kernel-required", "image `\(image.name)` sets `\(field.name)` but no `kernel`",
                        at: image.origin[field]))
            }
        }
        if topology.defaults.vm.image == nil {
            for vm in topology.vms where vm.settings.image == nil {
                found.append(
                    .error(
                        "vm.no-image", "VM `\(vm.name)` has no image", at: vm.origin.location,
                        help: "set `image:` on the VM or `defaults.vm.image`"))
            }
        }
        return found
    }
}
