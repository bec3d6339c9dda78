// The install script's command table against this machine and against the programs topoc starts: every
// program the tool or its tests run must come from a package scripts/install-deps.sh installs, so that a
// green run on a machine with extra packages cannot hide a missing install step (it once hid `ping`).
import Foundation
import TopocEmit
import TopocTestSupport
import XCTest

@testable import TopocExecute

final class InstallTableTests: XCTestCase {
    /// `make test` runs the install script first, so every listed command must resolve here.
    func testEveryCommandInTheTableResolvesAfterInstall() throws {
        XCTAssertGreaterThan(InstallTable.commands.count, 10, "the table could not be read")
        for (command, package) in InstallTable.commands.sorted(by: { $0.key < $1.key }) {
            XCTAssertNotNil(
                CommandRunner.locate(command),
                "`\(command)` (Debian package \(package)) is not on this machine: run scripts/install-deps.sh")
        }
    }

    func testEveryProgramTheDriversStartIsInTheTable() {
        for program in HostDrivers.programs {
            XCTAssertNotNil(InstallTable.commands[program], "`\(program)` is started by the drivers but not listed")
        }
        let steps: [HostStep] = [
            .createBridge(name: "b", mtu: 1500), .createTap(name: "t"), .setMTU(device: "t", mtu: 1500),
            .addAddress(device: "b", cidr: "192.0.2.1/24"), .attach(tap: "t", bridge: "b"), .setUp(device: "b"),
            .deleteLink(name: "t"),
        ]
        for step in steps {
            XCTAssertTrue(HostDrivers.programs.contains(step.argv[0]), "host step \(step) starts \(step.argv[0])")
        }
    }

    func testTheHelpersLookThroughNamespacesAndRefuseUnlistedPrograms() throws {
        XCTAssertNoThrow(try InstallTable.checkListed(["ip", "netns", "exec", "ns1", "ping", "-c", "1", "192.0.2.1"]))
        XCTAssertThrowsError(try InstallTable.checkListed(["ip", "netns", "exec", "ns1", "topoc-no-such-tool"]))
        XCTAssertThrowsError(try InstallTable.checkListed(["env", "A=1", "topoc-no-such-tool"]))
        XCTAssertNoThrow(try InstallTable.checkListed([InstallTable.repository.path + "/scripts/build-e2e-image.sh"]))
    }
}
