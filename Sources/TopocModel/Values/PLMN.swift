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
        // Three digits, `-`, two or three digits: checked byte by byte (ASCII), without splitting.
        let bytes = text.utf8
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard bytes.count == 6 || bytes.count == 7,
            bytes.enumerated().allSatisfy({
                $0.offset == 3 ? $0.element == UInt8(ascii: "-") : digits.contains($0.element)
            })
        else { return nil }
        mcc = String(decoding: bytes.prefix(3), as: UTF8.self)
        mnc = String(decoding: bytes.dropFirst(4), as: UTF8.self)
    }

    public var description: String { "\(mcc)-\(mnc)" }
}
