// The keys UERANSIM's config readers accept, the value forms they take and where releases differ, written by us
// from reading its public source (aligungr/UERANSIM `src/gnb.cpp` and `src/ue.cpp` `ReadConfigYaml`,
// `src/utils/yaml_utils.cpp`, at the tags v3.2.0 to v3.3.0), plus topoc's own stricter rules where UERANSIM's
// leniency hides a trap. `UERANSIMAcceptedKeysTests` checks every example's emitted gnb.yaml/ue.yaml against it.
//
// What the readers do, in short:
// - integers go through yaml-cpp after a "leading zeros" fix: an all-digit text loses its leading zeros and is
//   read as decimal (`000080` is 80), while `0x...` is read as hex. Open5GS writes SDs as six hex digits
//   without a prefix, so topoc must write UERANSIM's SDs with `0x` (here: `.sd`, required, not just allowed).
// - `mcc` is read twice, as an integer 1-999 and as a string of exactly 3 characters; `mnc` as an integer
//   0-999 and a 2-3 character string (its length sets the long-MNC flag).
// - address fields (`linkIp`, `ngapIp`, `gtpIp`, `gtpAdvertiseIp`, `amfConfigs[].address`): 3.2.0-3.2.5 take an
//   IPv4 literal or an interface name; 3.2.6 resolves the text as a host name first (so `eth0` fails unless
//   it resolves); 3.2.7 and later also take IPv6. topoc writes address literals only (`.address`): an
//   interface name never, a name only where the target guarantees it resolves (none do today).
// - `gnbSearchList` items become socket addresses as they are: IP literals only (`Bad Inet address` else).
// - keys a release does not read are ignored silently, so a key newer than the release is a silent no-op:
//   the table records the release that first reads each key.
// - required blocks: the UE file without `integrity`, `ciphering`, `integrityMaxRate`, `uacAic` (3.2.1+) or
//   `uacAcc` (3.2.1+) is refused.
import Foundation
import TopocModel
import TopocYAML

/// A UERANSIM release, as its tag numbers it.
struct UERANSIMRelease: Comparable, CustomStringConvertible, Sendable {
    var major, minor, patch: Int

    init(_ major: Int, _ minor: Int, _ patch: Int) {
        (self.major, self.minor, self.patch) = (major, minor, patch)
    }

    static func < (a: Self, b: Self) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }

    var description: String { "\(major).\(minor).\(patch)" }

    /// The oldest and newest release of a topoc version line (`ueransim@3.2` is every 3.2.x tag).
    static func line(_ software: RANSoftware) -> ClosedRange<UERANSIMRelease>? {
        switch software {
        case .ueransim32: UERANSIMRelease(3, 2, 0)...UERANSIMRelease(3, 2, 8)
        case .ueransim33: UERANSIMRelease(3, 3, 0)...UERANSIMRelease(3, 3, 0)
        case .oai: nil
        }
    }
}

/// The form a value must have.
indirect enum UERANSIMForm: Sendable {
    /// An integer in range, decimal or `0x` hex text.
    case int(ClosedRange<Int64>)
    /// Text of exactly these lengths that is also an integer in range (`mcc`, `mnc`).
    case digits(lengths: ClosedRange<Int>, values: ClosedRange<Int64>)
    case text(lengths: ClosedRange<Int>)
    case hex(length: Int)
    case bool
    case oneOf([String])
    /// An IP literal (IPv6 only where every release of the line reads it).
    case address
    /// An S-NSSAI SD: `0x` and hex digits, at most 0xFFFFFF (a plain all-digit SD would be read as decimal).
    case sd
    case ipList
    case mapping([UERANSIMKey])
    case list(of: [UERANSIMKey])
    /// `imsi-` and 15 digits.
    case supi
}

struct UERANSIMKey: Sendable {
    var name: String
    var required: Bool
    var form: UERANSIMForm
    /// The first release that reads it.
    var since: UERANSIMRelease

    init(_ name: String, _ form: UERANSIMForm, required: Bool = true, since: UERANSIMRelease = .init(3, 2, 0)) {
        self.name = name
        self.form = form
        self.required = required
        self.since = since
    }
}

enum UERANSIMAcceptedKeys {
    static let slice = [UERANSIMKey("sst", .int(0...0xFF)), UERANSIMKey("sd", .sd, required: false)]

    static let gnb: [UERANSIMKey] = [
        UERANSIMKey("mcc", .digits(lengths: 3...3, values: 1...999)),
        UERANSIMKey("mnc", .digits(lengths: 2...3, values: 0...999)),
        UERANSIMKey("nci", .int(0...0xF_FFFF_FFFF)),
        UERANSIMKey("idLength", .int(22...32)),
        UERANSIMKey("tac", .int(0...0xFF_FFFF)),
        UERANSIMKey("linkIp", .address),
        UERANSIMKey("ngapIp", .address),
        UERANSIMKey("gtpIp", .address),
        UERANSIMKey("gtpAdvertiseIp", .address, required: false, since: .init(3, 2, 1)),
        UERANSIMKey("ignoreStreamIds", .bool),
        UERANSIMKey(
            "amfConfigs", .list(of: [UERANSIMKey("address", .address), UERANSIMKey("port", .int(1024...65535))])),
        UERANSIMKey("slices", .list(of: slice)),
        UERANSIMKey(
            "cellAccessType", .oneOf(["nr", "nr-leo", "nr-meo", "nr-geo", "nr-othersat"]), required: false,
            since: .init(3, 3, 0)),
    ]

    static let ue: [UERANSIMKey] = [
        UERANSIMKey("mcc", .digits(lengths: 3...3, values: 1...999)),
        UERANSIMKey("mnc", .digits(lengths: 2...3, values: 0...999)),
        UERANSIMKey("routingIndicator", .text(lengths: 1...4), required: false, since: .init(3, 2, 7)),
        UERANSIMKey("gnbSearchList", .ipList),
        UERANSIMKey("default-nssai", .list(of: slice), required: false),
        UERANSIMKey("configured-nssai", .list(of: slice), required: false),
        UERANSIMKey("key", .hex(length: 32)),
        UERANSIMKey("op", .hex(length: 32)),
        UERANSIMKey("amf", .hex(length: 4)),
        UERANSIMKey("supi", .supi, required: false),
        UERANSIMKey("protectionScheme", .int(0...255), required: false, since: .init(3, 2, 7)),
        UERANSIMKey("homeNetworkPublicKeyId", .int(0...255), required: false, since: .init(3, 2, 7)),
        UERANSIMKey("homeNetworkPublicKey", .hex(length: 64), required: false, since: .init(3, 2, 7)),
        UERANSIMKey("imei", .text(lengths: 15...15), required: false),
        UERANSIMKey("imeiSv", .text(lengths: 16...16), required: false),
        UERANSIMKey("tunName", .text(lengths: 1...12), required: false, since: .init(3, 2, 7)),
        UERANSIMKey("tunNetmask", .text(lengths: 9...15), required: false, since: .init(3, 2, 7)),
        UERANSIMKey("useNamespace", .bool, required: false, since: .init(3, 3, 0)),
        UERANSIMKey("nsNamePrefix", .text(lengths: 1...64), required: false, since: .init(3, 3, 0)),
        UERANSIMKey("integrity", .mapping(["IA1", "IA2", "IA3"].map { UERANSIMKey($0, .bool) })),
        UERANSIMKey("ciphering", .mapping(["EA1", "EA2", "EA3"].map { UERANSIMKey($0, .bool) })),
        UERANSIMKey("opType", .oneOf(["OP", "OPC"])),
        UERANSIMKey(
            "sessions",
            .list(of: [
                UERANSIMKey("type", .oneOf(["IPv4", "IPv6", "IPv4v6", "Ethernet", "Unstructured"])),
                UERANSIMKey("apn", .text(lengths: 1...100), required: false),
                UERANSIMKey("slice", .mapping(slice), required: false),
            ]), required: false),
        UERANSIMKey(
            "integrityMaxRate",
            .mapping([
                UERANSIMKey("uplink", .oneOf(["full", "64kbps"])), UERANSIMKey("downlink", .oneOf(["full", "64kbps"])),
            ])
        ),
        UERANSIMKey("uacAic", .mapping([UERANSIMKey("mps", .bool), UERANSIMKey("mcs", .bool)]), since: .init(3, 2, 1)),
        UERANSIMKey(
            "uacAcc",
            .mapping([UERANSIMKey("normalClass", .int(0...9))] + (11...15).map { UERANSIMKey("class\($0)", .bool) }),
            since: .init(3, 2, 1)),
    ]

    /// What is wrong with `document` (a gnb.yaml or ue.yaml) for the releases of `line`; empty when every
    /// release of the line reads it as meant.
    static func problems(_ document: YAMLNode, keys: [UERANSIMKey], line: ClosedRange<UERANSIMRelease>) -> [String] {
        problems(document, keys: keys, line: line, path: "")
    }

    private static func problems(
        _ node: YAMLNode, keys: [UERANSIMKey], line: ClosedRange<UERANSIMRelease>, path: String
    ) -> [String] {
        guard let pairs = node.mapping else { return ["\(path.isEmpty ? "the file" : path) is not a mapping"] }
        var found: [String] = []
        let names = pairs.compactMap { $0.key.scalar?.text }
        for name in names where !keys.contains(where: { $0.name == name }) {
            found.append("\(path)\(name): UERANSIM reads no such key (it would be ignored)")
        }
        for key in keys {
            let at = path + key.name
            guard let pair = pairs.first(where: { $0.key.scalar?.text == key.name }), !pair.value.isNull else {
                // A release before `since` does not read it, so does not require it either.
                if key.required { found.append("\(at): missing (required since \(key.since))") }
                continue
            }
            if key.since > line.upperBound { found.append("\(at): no release of the line reads it (\(key.since)+)") }
            found += problems(pair.value, form: key.form, line: line, path: at)
        }
        return found
    }

    private static func problems(
        _ node: YAMLNode, form: UERANSIMForm, line: ClosedRange<UERANSIMRelease>, path: String
    ) -> [String] {
        let text = node.scalar?.text
        switch form {
        case .mapping(let keys):
            return problems(node, keys: keys, line: line, path: path + ".")
        case .list(let keys):
            guard let items = node.sequence else { return ["\(path): not a sequence"] }
            return items.enumerated().flatMap { index, item in
                problems(item, keys: keys, line: line, path: "\(path)[\(index)].")
            }
        case .ipList:
            guard let items = node.sequence, !items.isEmpty else { return ["\(path): not a non-empty sequence"] }
            return items.enumerated().flatMap { index, item in
                problems(item, form: .address, line: line, path: "\(path)[\(index)]")
            }
        default:
            guard let text else { return ["\(path): not a scalar"] }
            return problem(text, form: form, line: line).map { ["\(path): \(quoted(text)) \($0)"] } ?? []
        }
    }

    /// Why `text` does not have `form`, or nil.
    private static func problem(_ text: String, form: UERANSIMForm, line: ClosedRange<UERANSIMRelease>) -> String? {
        switch form {
        case .int(let range):
            guard let value = integer(text), range.contains(value) else { return "is no integer in \(range)" }
        case .digits(let lengths, let values):
            guard lengths.contains(text.count) else { return "must have \(lengths) characters" }
            guard let value = integer(text), values.contains(value) else { return "is no integer in \(values)" }
        case .text(let lengths):
            guard lengths.contains(text.count) else { return "must have \(lengths) characters" }
        case .hex(let length):
            guard text.count == length, text.allSatisfy(\.isHexDigit) else { return "is not \(length) hex digits" }
        case .bool:
            guard ["true", "false"].contains(text) else { return "is not true or false" }
        case .oneOf(let choices):
            guard choices.contains(text) else { return "is not one of \(choices)" }
        case .sd:
            guard text.hasPrefix("0x"), let value = integer(text), (0...0xFF_FFFF).contains(value) else {
                return "is not an SD in 0x hex (an all-digit SD is read as decimal)"
            }
        case .supi:
            guard text.hasPrefix("imsi-"), text.dropFirst(5).count == 15, text.dropFirst(5).allSatisfy(isDigit)
            else { return "is not imsi- and 15 digits" }
        case .address:
            if IPv4Address(parsing: text) != nil { return nil }
            guard IPv6Address(parsing: text) != nil else {
                return "is not an IP address (an interface or host name is not an address: 3.2.6+ resolve it as a host)"
            }
            if line.lowerBound < UERANSIMRelease(3, 2, 7) { return "is IPv6, which releases before 3.2.7 refuse" }
        case .mapping, .list, .ipList:
            return "is a scalar"
        }
        return nil
    }

    /// yaml-cpp's reading after UERANSIM's leading-zero fix: `0x` hex, else decimal.
    static func integer(_ text: String) -> Int64? {
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16) }
        guard !text.isEmpty, text.allSatisfy(isDigit) else { return nil }
        return Int64(text)
    }

    private static func quoted(_ text: String) -> String { "`\(text)`" }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
}
