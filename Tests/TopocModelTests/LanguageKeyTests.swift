import TopocModel
import XCTest

/// Each key is spelt as its case in kebab case (`cpuModel` is `cpu-model`), so an explicit raw value cannot
/// drift from its case.
final class LanguageKeyTests: XCTestCase {
    func testEveryKeyIsNamedAfterItsCase() {
        check(TopLevelKey.self)
        check(HostKey.self)
        check(ImageKey.self)
        check(DefaultsKey.self)
        check(VMKey.self)
        check(LoginKey.self)
        check(NetworkKey.self)
        check(InterfaceKey.self)
        check(ForwardKey.self)
        check(CloudInitKey.self)
        check(WriteFileKey.self)
        check(CoreKey.self)
        check(InstallKey.self)
        check(FunctionKey.self)
        check(PodKey.self)
        check(DNNKey.self)
        check(SliceKey.self)
        check(RANKey.self)
        check(GNBKey.self)
        check(UEKey.self)
        check(AppKey.self)
        check(MigrationKey.self)
    }

    func testVMSettingsAreTheVMKeysDefaultsMayHold() {
        XCTAssertEqual(
            LanguageKeys.vmSettings,
            ["image", "cpus", "memory", "disk", "host", "accel", "cpu-model", "machine", "disk-bus"])
        XCTAssertEqual(Array(LanguageKeys.vm.prefix(LanguageKeys.vmSettings.count)), LanguageKeys.vmSettings)
    }

    private func check<Key: LanguageKey>(_ type: Key.Type, file: StaticString = #filePath, line: UInt = #line) {
        for key in Key.allCases {
            XCTAssertEqual(key.name, kebab("\(key)"), "\(Key.self).\(key)", file: file, line: line)
        }
    }

    /// `cpuModel` -> `cpu-model`.
    private func kebab(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "-" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}
