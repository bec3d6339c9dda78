// core.install-distro looks for Debian's words in image URLs eight bytes at a time: a word must be found at
// every offset from a chunk's start, across chunk boundaries and in the last few bytes, in either case.
import TopocDiagnostics
import TopocModel
import TopocValidate
import XCTest

final class CoreInstallRuleTests: XCTestCase {
    func testDebianWordsAreFoundAtEveryOffsetInEitherCase() {
        for word in ["debian", "DEBIAN", "Bookworm", "bullseyE"] {
            for offset in 0...20 {
                for tail in ["", "x", "-generic-amd64.qcow2"] {
                    let url = "https://" + String(repeating: "a", count: offset) + word + tail
                    XCTAssertTrue(looksDebian(url), url)
                }
            }
        }
    }

    func testNearMissesAndOtherTextAreNotDebian() {
        let misses = [
            "https://cloud-images.ubuntu.com/releases/jammy/release-20240614/ubuntu-22.04-server-cloudimg-amd64.img",
            "https://example.com/debia", "https://example.com/bookwor", "https://example.com/bullsey-debia",
            "https://example.com/dddddddd/bbbbbbbb/debain/bulleye", "https://example.com/\u{e9}d\u{e9}bian",
            "https://example.com/d\u{0}ebian", "https://example.com/Dbian-bOokwrm",
        ]
        for url in misses {
            XCTAssertFalse(looksDebian(url), url)
        }
    }

    /// Whether the rule warns about the one NF VM, which runs an image downloaded from `url`.
    private func looksDebian(_ url: String) -> Bool {
        let topology = Topology(
            name: "lab", images: [Image(name: "base", url: url, sha256: String(repeating: "0", count: 64))],
            vms: [VM(name: "cp", settings: VMSettings(image: "base"))],
            core: Core(
                software: .open5gs27, plmn: PLMN(mcc: "001", mnc: "01"),
                functions: [NetworkFunction(name: "nrf", kind: .nrf, placement: .vm("cp"))]))
        return Validator.validate(topology).contains { $0.id == "core.install-distro" }
    }
}
