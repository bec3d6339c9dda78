// The kubevirt target's manifests: labels and ApplySet membership on every object, the NetworkAttachment
// configs' CNI fields, and the same VM-only lab giving the same MACs, addresses and NF configs on qemu and on
// kubevirt.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

final class KubeVirtManifestTests: XCTestCase {
    /// An Open5GS core on two VMs; `MODE` and `TARGET` are filled in per target.
    static let lab = """
        topology: twin
        target: TARGET
        hosts:
          node-a: { labels: { topology.kubernetes.io/zone: a } }
          node-b: {}
        images:
          jammy: { url: https://cloud-images.example/jammy.img, sha256: 0c6a7e4b2d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c }
        defaults:
          vm: { image: jammy, cpus: 2, memory: 2GiB, disk: 10GiB }
          login: { ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForTopocFixtures me@laptop"] }
        networks:
          cp: { subnet: 10.10.0.0/24, mode: MODE, bridge: br-cp, vlan: 10 }
          up: { subnet: 10.20.0.0/24, mode: MODE, bridge: br-up }
        vms:
          core: { host: node-a, networks: { cp: {}, up: {} }, migratable: true }
          edge: { host: node-b, networks: { cp: { ip: 10.10.0.50 }, up: {} } }
        core:
          software: open5gs@2.7
          plmn: 001-01
          functions:
            nrf: { on: core }
            amf: { on: core }
            smf: { on: core }
            ausf: { on: core }
            udm: { on: core }
            udr: { on: core }
            pcf: { on: core }
            upf: { on: edge }
          dnns:
            internet: { subnet: 10.45.0.0/16 }
        kubernetes: { namespace: labs, storage-class: cephfs }
        """

    static func compile(_ target: Target) throws -> Compilation {
        var text = lab.replacingOccurrences(of: "TARGET", with: target.rawValue)
        if target == .kubevirt {
            text = text.replacingOccurrences(of: "MODE", with: "multus")
        } else {
            // `vlan` belongs to multus networks only.
            text = text.replacingOccurrences(of: "MODE", with: "bridge").replacingOccurrences(
                of: ", vlan: 10", with: "")
        }
        let result = Compiler.compile(text: text, file: "twin.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)")
        return result
    }

    func testTheSameLabGivesTheSameMACsAddressesAndNFConfigsOnQEMUAndKubeVirt() throws {
        let qemu = try Self.compile(.qemu)
        let kubevirt = try Self.compile(.kubevirt)
        let qemuVMs = try XCTUnwrap(qemu.resolved).vms
        let kubeVMs = try XCTUnwrap(kubevirt.resolved).vms
        XCTAssertEqual(qemuVMs.map(\.name), kubeVMs.map(\.name))
        for (left, right) in zip(qemuVMs, kubeVMs) {
            XCTAssertEqual(left.management.mac, right.management.mac)
            XCTAssertEqual(left.interfaces.map(\.mac), right.interfaces.map(\.mac), left.name)
            XCTAssertEqual(left.interfaces.map(\.ipv4), right.interfaces.map(\.ipv4), left.name)
            XCTAssertEqual(left.interfaces.map(\.secondaryIPv4), right.interfaces.map(\.secondaryIPv4), left.name)
        }
        // NF configs and the guests' network-config are the same bytes.
        let shared: Set<ArtifactKind> = [.open5gsConfig, .cloudInitNetworkConfig, .open5gsSubscriberDocuments]
        let left = qemu.artifacts.filter { shared.contains($0.kind) }
        let right = kubevirt.artifacts.filter { shared.contains($0.kind) }
        XCTAssertFalse(left.isEmpty)
        XCTAssertEqual(left, right)
        // ...and what the VirtualMachine carries is that network-config, with the same MACs.
        let network = try XCTUnwrap(left.first { $0.path == "vms/core/cloud-init/network-config" })
        let machine = try object(kubevirt, "virtualmachine-core.yaml")
        XCTAssertTrue(machine.contains(Self.indented(network.contents, by: 12)), machine)
        for interface in qemuVMs[0].interfaces {
            XCTAssertTrue(machine.contains("macAddress: '\(interface.mac)'"), "\(interface.mac)")
        }
    }

    func testEveryObjectCarriesTheLabLabelsAndTheApplySetTheParentNames() throws {
        let result = try Self.compile(.kubevirt)
        let objects = result.artifacts.filter { $0.kind == .kubeObject }
        XCTAssertEqual(objects.count, 2 * 2 + 2 * 2 + 1, "per VM a VM, a Secret and a NAD per NIC; a policy")
        // base64url(sha256("topoc-applyset-twin.labs.Secret.")), computed apart (python3 hashlib).
        let id = "applyset-\(try Self.expectedID())-v1"
        let parent = try XCTUnwrap(result.artifacts.first { $0.kind == .kubeApplySetParent }).contents
        XCTAssertTrue(parent.contains("applyset.kubernetes.io/id: \(id)"), parent)
        var kinds: Set<String> = []
        for artifact in objects {
            XCTAssertTrue(artifact.contents.contains("app.kubernetes.io/managed-by: topoc"), artifact.path)
            XCTAssertTrue(artifact.contents.contains("app.kubernetes.io/part-of: twin"), artifact.path)
            XCTAssertTrue(artifact.contents.contains("applyset.kubernetes.io/part-of: \(id)"), artifact.path)
            let kind = try XCTUnwrap(Self.field("kind", in: artifact.contents))
            let apiVersion = try XCTUnwrap(Self.field("apiVersion", in: artifact.contents))
            let group = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
            kinds.insert(group.isEmpty ? kind : "\(kind).\(group)")
            if kind != "MigrationPolicy" { XCTAssertTrue(artifact.contents.contains("namespace: labs"), artifact.path) }
        }
        XCTAssertTrue(
            parent.contains("applyset.kubernetes.io/contains-group-kinds: \(kinds.sorted().joined(separator: ","))"),
            parent)
        let secrets = objects.filter { $0.path.contains("/secret-") }
        XCTAssertEqual(secrets.map(\.mode), [Artifact.secretMode, Artifact.secretMode], "user-data holds keys")
    }

    func testTheVirtualMachineFollowsItsMigratabilityAndPlacement() throws {
        let result = try Self.compile(.kubevirt)
        let core = try object(result, "virtualmachine-core.yaml")
        XCTAssertTrue(core.contains("- ReadWriteMany"), core)
        XCTAssertTrue(core.contains("evictionStrategy: LiveMigrate"), core)
        XCTAssertTrue(core.contains("topology.kubernetes.io/zone: a"), "the host's labels")
        XCTAssertTrue(core.contains("storageClassName: cephfs"), core)
        XCTAssertTrue(core.contains("url: https://cloud-images.example/jammy.img"), core)
        XCTAssertTrue(core.contains("secretRef:\n            name: core-cloud-init"), core)
        XCTAssertFalse(core.contains("ssh-ed25519"), "no secret inline")
        let edge = try object(result, "virtualmachine-edge.yaml")
        XCTAssertTrue(edge.contains("- ReadWriteOnce"), edge)
        XCTAssertFalse(edge.contains("evictionStrategy"), edge)
        XCTAssertTrue(edge.contains("kubernetes.io/hostname: node-b"), "no labels: the host's name")
        let policy = try object(result, "migrationpolicy-topoc-twin.yaml")
        XCTAssertTrue(policy.contains("topoc.dev/migratable: 'true'"), policy)
        XCTAssertTrue(core.contains("topoc.dev/migratable: 'true'"), "the policy selects the VMI by it")
    }

    /// Each attachment's config is JSON naming the bridge plugin and static IPAM with their real fields only
    /// (containernetworking/plugins `plugins/main/bridge` and `plugins/ipam/static`).
    func testEachAttachmentConfigIsABridgeWithStaticIPAMAndRealFieldsOnly() throws {
        let bridgeFields: Set<String> = [
            "cniVersion", "name", "type", "bridge", "isGateway", "isDefaultGateway", "forceAddress", "ipMasq", "mtu",
            "hairpinMode", "promiscMode", "vlan", "vlanTrunk", "preserveDefaultVlan", "enabledad", "macspoofchk",
            "disableContainerInterface", "portIsolation", "ipam", "capabilities",
        ]
        let result = try Self.compile(.kubevirt)
        let attachments = result.artifacts.filter { $0.path.contains("/networkattachmentdefinition-") }
        XCTAssertEqual(attachments.count, 4)
        for artifact in attachments {
            let config = try Self.config(artifact.contents)
            XCTAssertTrue(Set(config.keys).isSubset(of: bridgeFields), "\(config.keys)")
            XCTAssertEqual(config["type"] as? String, "bridge")
            let ipam = try XCTUnwrap(config["ipam"] as? [String: Any])
            XCTAssertEqual(ipam["type"] as? String, "static")
            XCTAssertTrue(Set(ipam.keys).isSubset(of: ["type", "addresses", "routes", "dns"]), "\(ipam.keys)")
            XCTAssertEqual((config["capabilities"] as? [String: Bool]) ?? [:], ["mac": true])
        }
        let edgeCP = try Self.config(try object(result, "networkattachmentdefinition-edge-cp.yaml"))
        XCTAssertEqual(edgeCP["bridge"] as? String, "br-cp")
        XCTAssertEqual(edgeCP["vlan"] as? Int, 10)
        let addresses = try XCTUnwrap((edgeCP["ipam"] as? [String: Any])?["addresses"] as? [[String: String]])
        XCTAssertEqual(addresses, [["address": "10.10.0.50/24"]], "the pinned address")
    }

    /// Seed 001's NFs as pods: a Deployment, Service and ConfigMap each, the ConfigMap holding the very file
    /// the OAI emitter writes; the UPF alone gets NET_ADMIN and the tun device; every object is in the ApplySet.
    func testOAINFsAndAppsRunAsPodsWithTheirConfigsServicesAndCapabilities() throws {
        let example = HostTools.repository.appendingPathComponent("examples/follow-me-5g.yaml")
        let result = Compiler.compile(bytes: Array(try Data(contentsOf: example)), file: "follow-me-5g.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)")
        let pods = ["mysql", "nrf", "nssf", "udr", "udm", "ausf", "smf-urllc", "upf-embb", "video"]
        for pod in pods {
            XCTAssertNoThrow(try object(result, "deployment-\(pod).yaml"))
            XCTAssertNoThrow(try object(result, "service-\(pod).yaml"))
        }
        let smfConfig = try XCTUnwrap(result.artifacts.first { $0.path == "core/oai/smf-embb/config.yaml" })
        let configMap = try object(result, "configmap-smf-embb-config.yaml")
        XCTAssertTrue(configMap.contains(Self.indented(smfConfig.contents, by: 4)), configMap)
        let sharedConfig = try XCTUnwrap(result.artifacts.first { $0.path == "core/oai/config.yaml" })
        XCTAssertTrue(
            try object(result, "configmap-nrf-config.yaml").contains(Self.indented(sharedConfig.contents, by: 4)))
        let upf = try object(result, "deployment-upf-embb.yaml")
        XCTAssertTrue(upf.contains("- NET_ADMIN") && upf.contains("path: /dev/net/tun"), upf)
        XCTAssertTrue(upf.contains("mountPath: /openair-upf/etc/config.yaml"), upf)
        XCTAssertTrue(upf.contains("type: Recreate"), upf)
        for pod in pods where pod != "upf-embb" {
            XCTAssertFalse(try object(result, "deployment-\(pod).yaml").contains("capabilities"), pod)
        }
        XCTAssertTrue(try object(result, "service-upf-embb.yaml").contains("protocol: UDP"))
        XCTAssertTrue(try object(result, "job-oai-subscribers.yaml").contains("--host=mysql"))
        let rows = try object(result, "secret-oai-subscribers.yaml")
        XCTAssertTrue(rows.contains("0C0A34601D4F07677303652C0462535B"), "K is in a Secret")
        // Everything is in the ApplySet the parent names, group-kinds included.
        let parent = try XCTUnwrap(result.artifacts.first { $0.kind == .kubeApplySetParent }).contents
        var kinds: Set<String> = []
        for artifact in result.artifacts where artifact.kind == .kubeObject {
            XCTAssertTrue(artifact.contents.contains("applyset.kubernetes.io/part-of: applyset-"), artifact.path)
            let kind = try XCTUnwrap(Self.field("kind", in: artifact.contents))
            let apiVersion = try XCTUnwrap(Self.field("apiVersion", in: artifact.contents))
            let group = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
            kinds.insert(group.isEmpty ? kind : "\(kind).\(group)")
            if kind == "Secret" { XCTAssertEqual(artifact.mode, Artifact.secretMode, artifact.path) }
        }
        XCTAssertTrue(parent.contains(kinds.sorted().joined(separator: ",")), parent)
        // The RAN pods are not built yet, and say so where the lab places them.
        let warned = result.diagnostics.filter { $0.id == "kubevirt.pod-not-built" }.map(\.location.line)
        XCTAssertEqual(warned.count, 3, "\(result.diagnostics)")
    }

    // MARK: - helpers

    func object(_ result: Compilation, _ file: String) throws -> String {
        try XCTUnwrap(result.artifacts.first { $0.path == "kubevirt/objects/\(file)" }, file).contents
    }

    static func field(_ key: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("\(key): ") }.map { String($0.dropFirst(key.count + 2)) }
    }

    /// The JSON under `config: |` (a literal block indented by four spaces).
    static func config(_ manifest: String) throws -> [String: Any] {
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  config: |") })
        let body = lines[(start + 1)...].prefix { $0.hasPrefix("    ") }.map { $0.dropFirst(4) }.joined(separator: "\n")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    static func indented(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n").map { pad + $0 }.joined(separator: "\n")
    }

    static func expectedID() throws -> String {
        let digest = Digest.bytes(of: "topoc-applyset-twin.labs.Secret.")
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
