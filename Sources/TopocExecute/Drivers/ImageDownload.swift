// Drivers/ImageDownload owns fetching a base image over HTTP(S): streamed into a temporary file beside its
// destination while being hashed, reported as progress, checked, then renamed into place atomically. A
// failed or rejected download leaves nothing behind, and a silent server is given up after a while.
import Crypto
import Foundation
import TopocPlan

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

struct ImageDownload {
    var url: String
    var destination: String
    /// The image, named in messages.
    var image: ResourceID
    /// The step named in progress events.
    var step: String
    var idleTimeout: Double
    var hook: any ProgressHook

    /// Downloads, lets `accept` judge the SHA-256 (throwing rejects the file), and moves the file into place.
    /// Returns the digest.
    func run(accept: (String) throws(ExecutionError) -> Void) async throws(ExecutionError) -> String {
        guard let source = URL(string: url), let scheme = source.scheme?.lowercased(),
            ["http", "https"].contains(scheme)
        else {
            throw ExecutionError("\(image): cannot download \(url): only http and https URLs are supported")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        let (descriptor, temporary) = try TemporaryFiles.file(prefix: folder + "/.\(name).download-")
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var placed = false
        defer { if !placed { unlink(temporary) } }
        let receiver = DownloadReceiver(file: file, image: image, step: step, url: url, hook: hook)
        let digest = try await receiver.fetch(source, idleTimeout: idleTimeout)
        try accept(digest)
        do {
            try file.synchronize()
            try file.close()
        } catch {
            throw ExecutionError("\(image): writing \(temporary) failed: \(error.localizedDescription)")
        }
        guard chmod(temporary, 0o644) == 0, rename(temporary, destination) == 0 else {
            throw ExecutionError(
                "\(image): cannot move the download to \(destination): \(String(cString: strerror(errno)))")
        }
        placed = true
        return digest
    }
}

/// The URLSession delegate that writes, hashes and reports the bytes as they arrive (on one serial queue).
private final class DownloadReceiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let file: FileHandle
    private let image: ResourceID
    private let step: String
    private let url: String
    private let hook: any ProgressHook
    private var hasher = SHA256()
    private var received: UInt64 = 0
    private var total: Int64 = -1
    private var reportedFraction = -1.0
    private var reportedAt = Date.distantPast
    private var failure: ExecutionError?
    private var finished: CheckedContinuation<Void, Never>?
    /// Set once the task has ended (a task cancelled before it started may end before `fetch` waits).
    private var completed = false

    init(file: FileHandle, image: ResourceID, step: String, url: String, hook: any ProgressHook) {
        self.file = file
        self.image = image
        self.step = step
        self.url = url
        self.hook = hook
    }

    func fetch(_ source: URL, idleTimeout: Double) async throws(ExecutionError) -> String {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.timeoutIntervalForResource = 24 * 3600
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: source)
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let alreadyDone: Bool = lock.withLock {
                    if !self.completed { self.finished = continuation }
                    return self.completed
                }
                if alreadyDone { continuation.resume() } else { task.resume() }
            }
        } onCancel: {
            task.cancel()
        }
        let outcome: (ExecutionError?, String) = lock.withLock {
            (self.failure, FileDigest.hex(self.hasher.finalize()))
        }
        if let error = outcome.0 { throw error }
        return outcome.1
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 200
        guard (200..<300).contains(status) else {
            let reason = HTTPURLResponse.localizedString(forStatusCode: status)
            fail("downloading \(url) failed: HTTP \(status) \(reason)")
            completionHandler(.cancel)
            return
        }
        lock.withLock { total = response.expectedContentLength }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        do {
            try file.write(contentsOf: data)
        } catch {
            fail("writing the download of \(url) failed: \(error.localizedDescription)")
            dataTask.cancel()
            return
        }
        let event: ExecutionEvent? = lock.withLock {
            hasher.update(data: data)
            received += UInt64(data.count)
            return progress(final: false)
        }
        if let event { hook.event(event) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error { fail("downloading \(url) failed: \(error.localizedDescription)") }
        let (continuation, event) = lock.withLock {
            let continuation = finished
            finished = nil
            completed = true
            return (continuation, failure == nil ? progress(final: true) : nil)
        }
        if let event { hook.event(event) }
        continuation?.resume()
    }

    /// The first failure wins (a cancelled task reports a second, vaguer one).
    private func fail(_ message: String) {
        lock.withLock {
            if failure == nil { failure = ExecutionError("\(image): \(message)") }
        }
    }

    /// A progress event every whole percent or half second, and at the end. Called with the lock held.
    private func progress(final: Bool) -> ExecutionEvent? {
        let fraction = total > 0 ? min(Double(received) / Double(total), 1) : 0
        let now = Date()
        guard final || fraction - reportedFraction >= 0.01 || now.timeIntervalSince(reportedAt) >= 0.5 else {
            return nil
        }
        reportedFraction = fraction
        reportedAt = now
        let of = total > 0 ? " of \(FileDigest.size(UInt64(total)))" : ""
        return .progress(step: step, fraction: final ? 1 : fraction, detail: "\(FileDigest.size(received))\(of)")
    }
}
