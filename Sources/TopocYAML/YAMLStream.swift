import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands parts of a document to a reader on another thread as soon as each is parsed, so they are decoded
/// while libyaml reads the rest of the file: every entry of one top-level mapping (the lab's `vms:`), and
/// every top-level entry.
///
/// The parser writes an entry's nodes, then publishes the entry with a releasing store; the reader loads
/// the count with an acquiring one, so it sees every node of every entry it is given. The parser never moves
/// its buffers while a reader may use them: before one would grow, it stops the stream and waits for the
/// reader to let go (`stopped`), and the entries are then decoded from the finished tree instead.
public final class YAMLStream: @unchecked Sendable {
    /// The top-level key whose mapping is streamed.
    public let key: String
    private let published = Atomic<Int>(0)
    private let state = Atomic<Int>(State.streaming.rawValue)
    private let readerDone = Atomic<Bool>(false)
    /// Key and value record of each published entry, and whether it is a top-level one; written by the
    /// parser only below `published`.
    private var entries: UnsafeMutablePointer<(UInt32, UInt32, Bool)>
    private let capacity: Int
    /// Set by the parser before the first entry is published.
    private var document: YAMLDocument?

    private enum State: Int {
        case streaming, finished, stopped
    }

    /// `bytes`: the size of the file, which bounds the number of entries.
    public init(key: String, bytes: Int) {
        self.key = key
        capacity = bytes / 2 + 16
        entries = .allocate(capacity: capacity)
    }

    deinit { entries.deallocate() }

    // MARK: - The reader's side

    /// The next entry, waiting for the parser, and whether it is a top-level one (else an entry of the
    /// streamed key's mapping); nil once the stream is finished and read, or stopped. Views it returns are
    /// valid while this stream lives.
    public func next(after read: Int) -> (pair: YAMLPair, topLevel: Bool)? {
        var spins = 0
        while true {
            if state.load(ordering: .acquiring) == State.stopped.rawValue { return nil }
            if read < published.load(ordering: .acquiring), let document {
                let (key, value, topLevel) = entries[read]
                let pair = YAMLPair(
                    key: YAMLNode(document, owner: nil, Int(key)), value: YAMLNode(document, owner: nil, Int(value)))
                return (pair, topLevel)
            }
            if state.load(ordering: .acquiring) == State.finished.rawValue,
                read >= published.load(ordering: .acquiring)
            {
                return nil
            }
            spins += 1
            if spins > 64 { Spinning.yield() }
        }
    }

    /// The reader is done with every view it was given.
    public func readerFinished() { readerDone.store(true, ordering: .releasing) }

    /// Whether the reader saw every entry of `mapping`, in order, and nothing else: then what it decoded is
    /// what decoding `mapping` would give.
    public func delivered(exactly mapping: YAMLMapping) -> Bool {
        guard finished else { return false }
        let children = mapping.slice.document.children
        var position = 0
        for entry in 0..<published.load(ordering: .acquiring) where !entries[entry].2 {
            guard position < mapping.count else { return false }
            let at = mapping.slice.first + 2 * position
            guard entries[entry].0 == children[at], entries[entry].1 == children[at + 1] else { return false }
            position += 1
        }
        return position == mapping.count
    }

    /// The stream ran to its end: every top-level entry of the document was delivered.
    public var finished: Bool { state.load(ordering: .acquiring) == State.finished.rawValue }

    // MARK: - The parser's side

    func start(with document: YAMLDocument) { self.document = document }

    var isStreaming: Bool { state.load(ordering: .relaxed) == State.streaming.rawValue }

    func publish(key: UInt32, value: UInt32, topLevel: Bool) {
        let count = published.load(ordering: .relaxed)
        guard isStreaming, count < capacity else {
            stop()
            return
        }
        entries[count] = (key, value, topLevel)
        published.store(count + 1, ordering: .releasing)
    }

    /// No more entries: the reader drains what was published.
    func finish() {
        if isStreaming { state.store(State.finished.rawValue, ordering: .releasing) }
    }

    /// Streaming ends here, entries and all: waits until the reader has let go of the document.
    func stop() {
        guard isStreaming else { return }
        state.store(State.stopped.rawValue, ordering: .releasing)
        while !readerDone.load(ordering: .acquiring) { Spinning.yield() }
    }
}

/// Lets the other thread run while one waits: the two sides spin briefly, as an entry takes about a
/// microsecond to parse or decode, far less than waking a sleeping thread.
enum Spinning {
    static func yield() { _ = sched_yield() }
}
