/// The keys one mapping may hold, matched against the bytes of the file: a key is found without making a
/// `String` of it or comparing strings, which was most of what reading a small mapping cost. A class, built
/// once per kind of mapping, so a reader holds it with one reference.
public final class KeyTable<Key: LanguageKey>: Sendable {
    /// The most keys a mapping of the language has (a VM's 13), with room to grow.
    static var capacity: Int { 16 }

    /// The allowed keys, in order.
    public let keys: [Key]
    /// Their names as written.
    public let names: [String]
    private let spellings: Spellings

    /// All of `Key`'s cases, named `names` in order.
    public convenience init(names: [String]) {
        precondition(names.count == Key.allCases.count, "\(Key.self): one name per key")
        self.init(Key.allCases, names: names)
    }

    /// Only `keys` (`defaults.vm` takes a VM's settings, not its networks), named as in `Key.table`.
    public convenience init(only keys: [Key]) {
        self.init(keys, names: keys.map(\.name))
    }

    private init(_ keys: [Key], names: [String]) {
        precondition(Key.allCases.count <= Self.capacity, "a mapping of the language has at most \(Self.capacity) keys")
        self.keys = keys
        self.names = names
        spellings = Spellings(names)
    }

    /// The key spelled `text`, if it is one of these.
    func key(spelled text: UnsafeBufferPointer<UInt8>) -> Key? {
        spellings.position(of: text).map { keys[$0] }
    }

    /// The key named `name`, if it is one of these.
    func key(named name: String) -> Key? { names.firstIndex(of: name).map { keys[$0] } }
}

/// A closed set of words matched against the bytes of the file, a key's name or a choice's (`kvm`).
struct Spellings: Sendable {
    /// Every word's UTF-8 bytes, one after the other; word `i` ends at `ends[i]`.
    private let bytes: [UInt8]
    private let ends: [Int]

    init(_ words: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for word in words {
            bytes += word.utf8
            ends.append(bytes.count)
        }
        (self.bytes, self.ends) = (bytes, ends)
    }

    /// The position of the word spelled `text`, if it is one of these.
    func position(of text: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (position, end) in ends.enumerated() {
                defer { start = end }
                guard end - start == text.count, text.count > 0, bytes[start] == text[0] else { continue }
                var index = 1
                while index < text.count, bytes[start + index] == text[index] { index += 1 }
                if index == text.count { return position }
            }
            return nil
        }
    }
}

/// A closed set of words a value may be (`accel: kvm`), matched against the file's bytes without making a
/// `String` of the value; only a value that is none of them takes the slow path with its error.
protocol DecodableChoice: RawRepresentable, CaseIterable, Sendable where RawValue == String, AllCases == [Self] {
    static var choices: ChoiceTable<Self> { get }
}

final class ChoiceTable<Choice: DecodableChoice>: Sendable {
    private let cases: [Choice]
    private let spellings: Spellings

    init() {
        cases = Choice.allCases
        spellings = Spellings(cases.map(\.rawValue))
    }

    /// The choice spelled `text`, if it is one.
    func choice(spelled text: UnsafeBufferPointer<UInt8>) -> Choice? {
        spellings.position(of: text).map { cases[$0] }
    }
}

extension NFKind: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension Accel: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension CoreSoftware: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension DiskBus: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension DiskFormat: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension MachineType: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension NetworkMode: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension RANSoftware: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension Target: DecodableChoice { static let choices = ChoiceTable<Self>() }
extension TransportProtocol: DecodableChoice { static let choices = ChoiceTable<Self>() }
