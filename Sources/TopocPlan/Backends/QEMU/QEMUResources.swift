import Foundation
import TopocEmit
import TopocModel

/// The resources a `qemu` lab wants, read from its artifacts alone (`vm.json`, `qemu.json`, the cloud-init
/// files, `hosts/<host>/network.json`), each with digests of exactly the inputs it is built from.
enum QEMUResources {
    typealias Failure = DesiredResourceFailure

    static func from(_ artifacts: [Artifact]) throws(Failure) -> [DesiredResource] {
        let byPath = Dictionary(artifacts.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var resources: [ResourceID: DesiredResource] = [:]
        for artifact in artifacts where artifact.kind == .hostNetworkSteps {
            for link in try links(artifact) { resources[link.id] = link }
        }
        for artifact in artifacts where artifact.kind == .vmSpec {
            let spec = try decode(VMSpec.self, artifact)
            let image = image(spec.image)
            resources[image.id] = image
            resources[ResourceID(.vm, spec.name)] = try vm(spec, artifact: artifact, byPath: byPath, image: image.id)
        }
        return resources.values.sorted { $0.id < $1.id }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ artifact: Artifact) throws(Failure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(artifact.contents.utf8))
        } catch {
            throw Failure(description: "\(artifact.path) is not what topoc emits: \(error)")
        }
    }

    static func digest(_ parts: [String]) -> String {
        String(Digest.hex(of: parts.joined(separator: "\u{0}")).prefix(16))
    }

    static func image(_ source: VMSpec.ImageSource) -> DesiredResource {
        var attributes = ["base": source.base, "format": source.format]
        attributes["url"] = source.url
        attributes["path"] = source.path
        attributes["sha256"] = source.sha256
        let digest = digest([source.url ?? "", source.path ?? "", source.sha256 ?? "", source.format])
        return DesiredResource(id: ResourceID(.image, source.name), digests: [.source: digest], attributes: attributes)
    }

    static func vm(_ spec: VMSpec, artifact: Artifact, byPath: [String: Artifact], image: ResourceID) throws(Failure)
        -> DesiredResource
    {
        let directory = (artifact.path as NSString).deletingLastPathComponent
        guard let argv = byPath["\(directory)/qemu.json"] else {
            throw Failure(description: "\(directory)/qemu.json is missing")
        }
        let seedFiles = try spec.seed.files.map { path throws(Failure) -> String in
            guard let file = byPath[path] else { throw Failure(description: "\(path) is missing") }
            return file.contents
        }
        let attributes = [
            "host": spec.host, "spec": artifact.path, "argv": argv.path, "pidfile": spec.runtime.pidfile,
            "qmp": spec.runtime.qmp, "disk": spec.disk.path, "seed": spec.seed.path, "serial": spec.runtime.serialLog,
            "command": (try decode([String].self, argv)).joined(separator: " "),
        ]
        let dependencies =
            [image] + spec.taps.map { ResourceID(.tap, $0) } + spec.startAfter.map { ResourceID(.vm, $0) }
        return DesiredResource(
            id: ResourceID(.vm, spec.name),
            digests: [
                .disk: digest([
                    spec.image.base, spec.image.sha256 ?? "", spec.image.format, spec.disk.size.map(String.init) ?? "",
                ]),
                .machine: digest([argv.contents, spec.runtime.directories.joined(separator: ",")]),
                .seed: digest(seedFiles),
            ],
            attributes: attributes, dependencies: dependencies)
    }

    /// Bridges and taps from a host's network plan.
    static func links(_ artifact: Artifact) throws(Failure) -> [DesiredResource] {
        let plan = try decode(HostNetworkPlan.self, artifact)
        var mtus: [String: Int] = [:]
        var addresses: [String: String] = [:]
        var masters: [String: String] = [:]
        var bridges: [String] = []
        var taps: [String] = []
        for step in plan.up {
            switch step {
            case .createBridge(let name, let mtu):
                bridges.append(name)
                mtus[name] = mtu
            case .createTap(let name): taps.append(name)
            case .setMTU(let device, let mtu): mtus[device] = mtu
            case .addAddress(let device, let cidr): addresses[device] = cidr
            case .attach(let tap, let bridge): masters[tap] = bridge
            default: break
            }
        }
        let bridgeResources = bridges.map { name in
            var attributes = ["host": plan.host, "mtu": String(mtus[name] ?? 1500)]
            attributes["address"] = addresses[name]
            return DesiredResource(
                id: ResourceID(.bridge, name),
                digests: [.link: digest([attributes["mtu"] ?? "", attributes["address"] ?? ""])],
                attributes: attributes)
        }
        let tapResources = taps.map { name in
            let bridge = masters[name] ?? ""
            let attributes = ["host": plan.host, "mtu": String(mtus[name] ?? 1500), "bridge": bridge]
            return DesiredResource(
                id: ResourceID(.tap, name), digests: [.link: digest([attributes["mtu"] ?? "", bridge])],
                attributes: attributes, dependencies: bridge.isEmpty ? [] : [ResourceID(.bridge, bridge)])
        }
        return bridgeResources + tapResources
    }
}
