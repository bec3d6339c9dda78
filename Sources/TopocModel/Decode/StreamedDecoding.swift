import Foundation
import Synchronization
import TopocDiagnostics
import TopocYAML

/// Decodes a lab on another thread while the parser reads the rest of the file (`YAMLStream`): each entry
/// of `vms:` as it completes, and each other top-level section (`images`, `networks`, `core`, ...). A
/// result is used only when it was decoded from the very node the finished tree holds there (the VMs: from
/// exactly the entries of the final `vms` mapping); otherwise (merge keys, duplicate keys, a stream stopped
/// early) that part is decoded from the tree as usual, so the outcome never depends on the threads.
final class StreamedDecoding: @unchecked Sendable {
    /// Below this (about 60 VMs) decoding takes too little time for a second thread to pay off in a single
    /// run, where the worker thread has to start first (a warm worker gains ~15% even at 10 VMs).
    static let minimumBytes = 4 * 1024
    /// Above this the parser's buffers, sized so they never move under the worker (about 40 bytes of
    /// address space per byte of YAML, touched only as used), would reserve too much: decode after parsing.
    static let maximumBytes = 16 * 1024 * 1024

    /// Whether a file of `bytes` is decoded while it is parsed.
    static func pays(forBytes bytes: Int) -> Bool { (minimumBytes...maximumBytes).contains(bytes) }

    /// A top-level section decoded on the worker: from which value node, into what, with what diagnostics.
    struct Section {
        var value: Int
        var decoded: any Sendable
        var diagnostics: [Diagnostic]
    }

    let stream: YAMLStream
    private var vms: [VM] = []
    private var vmDiagnostics: [Diagnostic] = []
    private var sections: [String: [Section]] = [:]
    private let done = Handoff()

    init(bytes: Int) {
        stream = YAMLStream(key: "vms", bytes: bytes)
    }

    func start() {
        StreamWorker.shared.submit { self.run() }
    }

    private func run() {
        var context = DecodeContext()
        var read = 0
        while let (pair, topLevel) = stream.next(after: read) {
            read += 1
            if topLevel {
                decodeSection(pair)
            } else if let vm = context.named(pair, path: "vms", element: VMDecoder.vm) {
                vms.append(vm)
            }
        }
        vmDiagnostics = context.diagnostics
        stream.readerFinished()
        done.signal()
    }

    private func decodeSection(_ pair: YAMLPair) {
        guard let key = pair.key.scalar?.text, let decode = TopologyDecoder.Sections.byKey[key] else { return }
        var context = DecodeContext()
        let decoded = decode(pair.key.location, pair.value, &context)
        sections[key, default: []].append(
            Section(value: pair.value.identity, decoded: decoded, diagnostics: context.diagnostics))
    }

    /// Waits for the reader, once: its results are read only after it signalled.
    private var waited = false
    private func wait() {
        guard !waited else { return }
        waited = true
        done.wait()
    }

    /// The VMs and their diagnostics, if they are those of `node`.
    func vms(for node: YAMLCursor?) -> (vms: [VM], diagnostics: [Diagnostic])? {
        wait()
        guard let mapping = node?.mapping, stream.delivered(exactly: mapping) else { return nil }
        return (vms, vmDiagnostics)
    }

    /// Section `key` as decoded from `node`, if it was.
    func section(_ key: String, from node: YAMLCursor) -> Section? {
        wait()
        guard stream.finished else { return nil }
        return sections[key]?.first { $0.value == node.identity }
    }

    /// Waits for the reader without using its work (the file did not parse).
    func discard() { wait() }
}

/// One long-lived thread for streamed decoding. Not a dispatch queue: the caller blocks until the reader is
/// done, and a caller that is itself a queue's worker must not wait for work queued behind it. Not a new
/// thread per file either: starting one cost up to a millisecond, as long as the work it was to overlap.
final class StreamWorker: @unchecked Sendable {
    static let shared = StreamWorker()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                available.wait()
                let job = jobs.withLock { $0.removeFirst() }
                job()
            }
        }
        thread.name = "topoc-stream"
        thread.start()
    }

    /// Runs `job` on the worker after the jobs before it.
    func submit(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        available.signal()
    }
}

/// A one-shot signal whose waiter polls for a little while (yielding its core) before it sleeps: on a
/// virtual machine, waking a sleeping thread took longer than the work it waited for.
final class Handoff: Sendable {
    private let signaled = Atomic<Bool>(false)
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() {
        signaled.store(true, ordering: .releasing)
        semaphore.signal()
    }

    func wait() {
        Self.poll(for: .milliseconds(2)) { signaled.load(ordering: .acquiring) }
        semaphore.wait()
    }

    /// Yields until `ready` or `duration` has passed.
    static func poll(for duration: Duration, until ready: () -> Bool) {
        let deadline = ContinuousClock.now + duration
        while !ready(), ContinuousClock.now < deadline { _ = sched_yield() }
    }
}
