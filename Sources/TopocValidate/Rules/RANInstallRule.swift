import TopocBind
import TopocDiagnostics
import TopocModel

/// `ran.install: source` builds UERANSIM in the guest, and its build needs CMake 3.17 or later: the releases
/// whose own CMake is older (Ubuntu 20.04 has 3.16, 18.04 has 3.10, Debian 10 has 3.13) cannot build it, so a VM
/// running a UERANSIM node on such an image is warned about, at the VM.
struct RANInstallRule: ValidationRule {
    static let ids = ["ran.install-image"]

    /// Names and version numbers of releases whose packaged CMake is older than 3.17.
    static let oldCMakeWords = ["focal", "bionic", "xenial", "buster", "stretch", "20.04", "18.04", "16.04"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard topology.core != nil, case .source = topology.ran.install else { return [] }
        let images = topology.images
        var found: [Diagnostic] = []
        for position in Self.ueransimVMs(topology, bound) {
            let vm = topology.vms[position]
            let imageName = vm.settings.image ?? topology.defaults.vm.image
            guard let image = imageName.flatMap({ bound.images.position(of: $0) }),
                ImageWords.mention(Self.oldCMakeWords, image: image, in: images)
            else { continue }
            found.append(
                .warning(
                    "ran.install-image",
                    "VM `\(vm.name)` runs UERANSIM on image `\(images[image].name)`, whose CMake is older than the 3.17 UERANSIM's build needs: `ran.install: source` will fail there",
                    at: vm.origin.location,
                    help:
                        "use an image with CMake 3.17 or later (Ubuntu 22.04, Debian 11 or 12), or one with UERANSIM built in and `ran.install: none`, or `ran.install: { command: ... }`"
                ))
        }
        return found
    }

    /// The VMs that run a UERANSIM gNB or UE group, in the order they were declared. A UE group without a
    /// placement runs beside the first gNB it camps on that runs in a VM.
    static func ueransimVMs(_ topology: Topology, _ bound: BoundTopology) -> [Int] {
        let gnbs = topology.ran.gnbs
        var positions = Set<Int>()
        for (index, gnb) in gnbs.enumerated() where gnb.software.isUERANSIM {
            if let vm = bound.gnbVMs[index] { positions.insert(vm) }
        }
        for ue in topology.ran.ues where ue.software.isUERANSIM {
            if case .vm(let name)? = ue.placement {
                if let vm = bound.vms.position(of: name) { positions.insert(vm) }
            } else if ue.placement == nil {
                let serving = gnbs.indices.filter { ue.gnb == nil || gnbs[$0].name == ue.gnb }
                if let vm = serving.lazy.compactMap({ bound.gnbVMs[$0] }).first { positions.insert(vm) }
            }
        }
        return positions.sorted { topology.vms[$0].origin.location < topology.vms[$1].origin.location }
    }
}
