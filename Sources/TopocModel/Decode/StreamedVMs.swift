import Foundation
import TopocDiagnostics
import TopocYAML

/// Decodes the entries of `vms:` on another thread while the parser reads the rest of a large file
/// (`YAMLStream`). The result is used only when the stream delivered exactly the entries of the final
/// `vms` mapping; otherwise (merge keys, duplicate keys, a stream stopped early) the VMs are decoded from
/// the tree as usual, so the outcome never depends on the threads.
final class StreamedVMs: @unchecked Sendable {
    /// Files smaller than this are parsed in less time than a thread takes to start.
    static let minimumBytes = 16 * 1024

    let stream: YAMLStream
    private var vms: [VM] = []
    private var diagnostics: [Diagnostic] = []
    private let done = DispatchSemaphore(value: 0)

    init(bytes: Int) {
        stream = YAMLStream(key: "vms", bytes: bytes)
    }

    /// On a thread of its own, not a dispatch queue's: the caller blocks until the reader is done, and a
    /// caller that is itself a queue's worker must not wait for work queued behind it.
    func start() {
        Thread.detachNewThread { self.run() }
    }

    private func run() {
        var context = DecodeContext()
        var read = 0
        while let pair = stream.next(after: read) {
            read += 1
            if let vm = context.named(pair, path: "vms", element: VMDecoder.vm) { vms.append(vm) }
        }
        diagnostics = context.diagnostics
        stream.readerFinished()
        done.signal()
    }

    /// Waits for the reader; then its VMs and diagnostics, if they are those of `node`.
    func result(for node: YAMLCursor?) -> (vms: [VM], diagnostics: [Diagnostic])? {
        done.wait()
        guard let mapping = node?.mapping, stream.delivered(exactly: mapping) else { return nil }
        return (vms, diagnostics)
    }

    /// Waits for the reader without using its work (the file did not parse).
    func discard() { done.wait() }
}
