// Subscribers/SNSSAIEncoding owns how an SD is written for each consumer. The model keeps an SD as six
// upper-case hex digits; every reader wants something else, and the wrong form is read silently as another
// number (UERANSIM takes an all-digit `000080` as decimal 80; yaml-cpp's `as<int>` rejects it outright, since
// a leading 0 means octal and 8 is no octal digit). One place decides, per reader, what is written.
import TopocModel

enum SNSSAIEncoding {
    /// 3GPP's "no SD" value, which Open5GS and OAI also use internally for an S-NSSAI without SD.
    static let noSD = "FFFFFF"

    /// Six hex digits, no prefix: Open5GS (`sd: "000080"`), OAI's AMF (regex `^[A-Fa-f0-9]{6}$`), the 3GPP
    /// `Snssai.sd` of SBI JSON (OAI's database rows), MongoDB subscriber documents.
    static func hex(_ sd: String) -> String { sd.uppercased() }

    /// `0x`-prefixed hex, for readers that parse the SD as an integer with yaml-cpp (`as<int>` detects the base
    /// from the prefix): UERANSIM (`GetInt32` after its `OctalFix`, which leaves non-digit text alone) and
    /// OAI's SMF `local_subscription_infos.single_nssai.sd` (an `int_config_value`).
    static func prefixedHex(_ sd: String) -> String { "0x" + sd.uppercased() }

    /// The SD as a number, or nil when absent.
    static func value(_ sd: String?) -> Int? { sd.flatMap { Int($0, radix: 16) } }
}
