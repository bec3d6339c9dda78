import Synchronization

/// The tags a document carried, each once, by index. Shared by the builder and the documents it makes,
/// and locked: a document streamed to another thread is read while the builder may still add tags.
final class TagTable: Sendable {
    private let tags = Mutex<[String]>([])

    func intern(_ tag: String) -> Int32 {
        tags.withLock { tags in
            if let existing = tags.firstIndex(of: tag) { return Int32(existing) }
            tags.append(tag)
            return Int32(tags.count - 1)
        }
    }

    subscript(index: Int32) -> String { tags.withLock { $0[Int(index)] } }
}
