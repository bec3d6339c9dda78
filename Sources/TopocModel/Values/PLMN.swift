/// A PLMN identity: MCC and MNC as strings, since their leading zeros matter (`001-01` is not `001-001`).
public struct PLMN: Hashable, Sendable, Codable, CustomStringConvertible {
    public var mcc: String
    public var mnc: String

    public init(mcc: String, mnc: String) {
        self.mcc = mcc
        self.mnc = mnc
    }

    /// `001-01`, `208-95`, `310-410`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 3, (2...3).contains(parts[1].count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        mcc = String(parts[0])
        mnc = String(parts[1])
    }

    public var description: String { "\(mcc)-\(mnc)" }
}
