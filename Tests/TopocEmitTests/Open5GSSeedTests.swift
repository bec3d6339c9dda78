// Seed 000 (github.com/sergio-gimenez/disaggregated-Open5GS) against topoc: the seed's lab written in topoc's
// language, emitted in the pre-2.7 format its net_conf/*.yaml use, carries the same wiring.
import TopocEmit
import TopocModel
import TopocYAML
import XCTest

/// The wiring of the seed's `net_conf/{mme,sgwc,smf,vm2_sgwu,vm2_upf,vm3_sgwu,vm3_upf}.yaml`, summarised by
/// us, by VM: PFCP peers with their DNN/APN keys, the UE subnets (gateway/length, DNN) on the SMF and each UPF,
/// and where the MME's GTP-C peers are. The test compares topoc's 2.6-format files with it.
///
/// Where topoc's files differ from the seed's, on purpose:
/// - Addresses. The seed binds vm1's NFs to loopback (GTP-C 127.0.0.2/.3/.4 and `::1`, the SMF's SBI and GTP-U
///   127.0.0.4, the UPFs' GTP-U 127.0.0.7) and shares vm1's one address between S1AP, the SGW-C's PFCP and the
///   SMF's PFCP. topoc gives each co-located NF its own routable address on `cp` (the first NF of a VM the VM's
///   own), so S1AP is on the MME's address, not 192.168.0.111 (the NRF's), and every NF keeps standard ports.
/// - PFCP port. The seed moves SMF↔UPF PFCP to 8806 on the UPFs so they do not clash with the SGW-U on the same
///   address; topoc's UPFs have their own addresses and keep 8805.
/// - SGW-U addresses match (192.168.0.112 and .113: the first NF of vm2 and vm3).
/// - Peers and identities. The seed's SMF finds the NRF at the packaged 127.0.0.10 / `::1`, the NRF, HSS and
///   PCRF run their packaged files, and Diameter uses the packaged freeDiameter .conf files (localdomain,
///   loopback). topoc writes every NF's file, with inline freeDiameter (realm `seed-epc.topoc`).
/// - Tun devices. The seed names vm3's device `ogstun3` (unique across the lab); topoc numbers them per UPF,
///   so vm3's is `ogstun`. The seed's SMF subnets carry no `dev`; topoc's SMF and UPF entries are identical.
/// - Extras the seed sets and topoc does not: `parameter.use_openair: true` on the MME, four DNS servers.
///
/// The seed's bugs, which topoc does not reproduce:
/// - `smf.yaml` writes `pfcp: [{addr: 192.168.0.111}, {port: 8806}]`: the second item has no address and only
///   changes the default port, so the SMF binds 192.168.0.111:8805, the SGW-C's PFCP address and port; the
///   2.6 UDP server sets no SO_REUSEADDR, so whichever starts second (setup_vms.sh starts the SGW-C first)
///   cannot bind it.
/// - `setup_vms.sh vm3` copies `vm3_upf.yaml` over `/etc/open5gs/sgwu.yaml`: vm3's SGW-U reads a UPF file (no
///   `sgwu` section) and vm3's UPF keeps the packaged `upf.yaml` (127.0.0.7, 10.45.0.1/16), so the `ims` UPF the
///   SMF expects at 192.168.0.113:8806 never answers.
/// - `vm3_upf.yaml` writes `upf.pfcp` as a mapping, not a list (the parser takes both).
/// - The UPFs' GTP-U on 127.0.0.7 only works because each SGW-U shares its UPF's VM.
final class Open5GSSeedTests: XCTestCase {
    struct SeedWiring {
        /// SGW-C → SGW-U (`sgwu.pfcp` in sgwc.yaml): the SGW-U's VM and APNs.
        static let sgwus: [(vm: String, apns: [String])] = [("vm2", ["internet", "internet2"]), ("vm3", ["ims"])]
        /// SMF → UPF (`upf.pfcp` in smf.yaml): the UPF's VM and DNNs.
        static let upfs: [(vm: String, dnns: [String])] = [("vm2", ["internet", "internet2"]), ("vm3", ["ims"])]
        /// `smf.subnet`: gateway/length and DNN.
        static let smfSubnets = [
            ["10.45.0.1/16", "internet"], ["10.46.0.1/16", "internet2"], ["10.47.0.1/16", "ims"],
        ]
        /// `upf.subnet` per VM (as intended: vm3's file never reaches the UPF, see above).
        static let upfSubnets = [
            "vm2": [["10.45.0.1/16", "internet"], ["10.46.0.1/16", "internet2"]], "vm3": [["10.47.0.1/16", "ims"]],
        ]
        /// The MME's GTP-C peers (`sgwc.gtpc`, `smf.gtpc` in mme.yaml) are on the MME's own VM.
        static let mmePeerVM = "vm1"
        /// The VMs whose SGW-U serves PFCP and GTP-U on one address of its own (the seed used the VMs' own
        /// addresses, .112 and .113; topoc gives every NF its own address, derived from its name).
        static let sgwuVMs = ["vm2", "vm3"]
    }

    func testThe26EPCCarriesTheSeedsWiring() throws {
        let lab = try Open5GSLabs.compile(Open5GSLabs.epc("open5gs@2.6"))
        let core = try lab.core
        var vmOf: [String: String] = [:]
        for nf in core.functions {
            for endpoint in nf.endpoints.values { vmOf[endpoint.address] = nf.vm }
        }

        let sgwc = try lab.file("sgwc").root
        let sgwus = try XCTUnwrap(sgwc.at("sgwu.pfcp")?.items)
        XCTAssertEqual(sgwus.map { vmOf[$0["addr"]?.text ?? ""] ?? "?" }, SeedWiring.sgwus.map(\.vm))
        XCTAssertEqual(sgwus.map { $0["apn"]?.texts ?? [] }, SeedWiring.sgwus.map(\.apns))

        let smf = try lab.file("smf").root
        let upfs = try XCTUnwrap(smf.at("upf.pfcp")?.items)
        XCTAssertEqual(upfs.map { vmOf[$0["addr"]?.text ?? ""] ?? "?" }, SeedWiring.upfs.map(\.vm))
        XCTAssertEqual(upfs.map { $0["dnn"]?.texts ?? [] }, SeedWiring.upfs.map(\.dnns))
        XCTAssertEqual(Self.subnets(smf.at("smf.subnet")), SeedWiring.smfSubnets)

        for (vm, expected) in SeedWiring.upfSubnets {
            let upf = try XCTUnwrap(try lab.files().first { $0.vm == vm && $0.file.kind == .upf })
            XCTAssertEqual(Self.subnets(upf.root.at("upf.subnet")), expected, vm)
        }
        for vm in SeedWiring.sgwuVMs {
            let sgwu = try XCTUnwrap(try lab.files().first { $0.vm == vm && $0.file.kind == .sgwu }).root
            let pfcp = sgwu.at("sgwu.pfcp")?.items.first?["addr"]?.text
            XCTAssertEqual(vmOf[pfcp ?? ""], vm)
            XCTAssertEqual(sgwu.at("sgwu.gtpu")?.items.first?["addr"]?.text, pfcp)
        }

        let mme = try lab.file("mme").root
        for peer in ["sgwc.gtpc", "smf.gtpc"] {
            let addresses = mme.at(peer)?.items.compactMap { $0["addr"]?.text } ?? []
            XCTAssertEqual(addresses.map { vmOf[$0] }, [SeedWiring.mmePeerVM], peer)
        }
    }

    /// `[[gateway/length, dnn]]` of a 2.6 `subnet` list.
    static func subnets(_ node: YAMLNode?) -> [[String]] {
        (node?.items ?? []).map { [$0["addr"]?.text ?? "", $0["dnn"]?.text ?? ""] }
    }
}
