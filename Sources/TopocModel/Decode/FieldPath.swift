import TopocDiagnostics

/// Where a value sits in the lab (`vms.vm1.memory`), for a message about it: kept in parts and spelt out only
/// when a message is made. A decoder passes one for every value it reads and nearly all of them are fine; a
/// closure building the text instead captured (and so copied) the reader it came from.
struct FieldPath: CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The mapping's path (`vms.vm1`), or the whole path.
    private let base: Trail
    /// The key below it (`memory`).
    private let key: String?
    /// An item of the list at this path (`...ssh-keys[]`).
    private let isItem: Bool

    init(_ base: String, key: String? = nil) {
        (self.base, self.key, isItem) = (Trail(base), key, false)
    }

    init(_ base: Trail, key: String? = nil) {
        (self.base, self.key, isItem) = (base, key, false)
    }

    init(stringLiteral value: String) { self.init(value) }

    init(stringInterpolation: DefaultStringInterpolation) {
        self.init(String(stringInterpolation: stringInterpolation))
    }

    private init(_ base: Trail, key: String?, isItem: Bool) {
        (self.base, self.key, self.isItem) = (base, key, isItem)
    }

    /// An item of the list at this path.
    var item: FieldPath { FieldPath(base, key: key, isItem: true) }

    var description: String {
        var text = base.text
        if let key { text = text.isEmpty ? key : "\(text).\(key)" }
        return isItem ? text + "[]" : text
    }
}
