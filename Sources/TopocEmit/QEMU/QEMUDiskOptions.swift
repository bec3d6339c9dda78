// QEMU/QEMUDiskOptions owns how storage reaches the guest: the qcow2 overlay as the root disk, the
// cloud-init seed, and direct kernel boot.
import TopocModel

enum QEMUDiskOptions {
    static func groups(_ vm: ResolvedVM) -> [[String]] {
        root(vm) + seed(vm) + kernel(vm.image)
    }

    /// The overlay is a drive without a front end, attached by the device the disk bus asks for.
    static func root(_ vm: ResolvedVM) -> [[String]] {
        let drive = QEMUOption.pairs([
            ("file", vm.paths.disk), ("if", "none"), ("id", "root"), ("format", "qcow2"),
        ])
        let device: String
        switch vm.diskBus {
        case .virtio:
            device = QEMUOption.typed("virtio-blk-pci", [("drive", "root"), ("bootindex", "1")])
        case .nvme:
            device = QEMUOption.typed("nvme", [("serial", "root"), ("drive", "root"), ("bootindex", "1")])
        }
        return [["-drive", drive], ["-device", device]]
    }

    /// The NoCloud seed as a read-only virtio disk: Debian's cloud kernel has no AHCI driver, so an IDE or
    /// `-cdrom` seed would be invisible on q35 and cloud-init would silently fall back to no datasource.
    static func seed(_ vm: ResolvedVM) -> [[String]] {
        let drive = QEMUOption.pairs([
            ("file", vm.paths.seed), ("if", "virtio"), ("format", "raw"), ("readonly", "on"),
        ])
        return [["-drive", drive]]
    }

    /// Direct kernel boot, when the image names a kernel.
    static func kernel(_ image: ResolvedImage) -> [[String]] {
        guard let kernel = image.kernel else { return [] }
        var groups = [["-kernel", kernel]]
        if let initrd = image.initrd { groups.append(["-initrd", initrd]) }
        if let cmdline = image.cmdline { groups.append(["-append", cmdline]) }
        return groups
    }
}
