// Drivers/ImageDownload owns fetching a base image over HTTP(S): `curl` writes it into a temporary file
// beside its destination while its growth is reported as progress; the file is then hashed, checked and
// renamed into place atomically. A failed or rejected download leaves nothing behind, and a silent server
// is given up after a while.
//
// curl rather than URLSession: FoundationNetworking links libcurl and its dozens of libraries into the
// binary, and every topoc command, `validate` included, would load them at start-up for the one command
// that downloads.
import Foundation
import TopocPlan

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
        guard let scheme = URL(string: url)?.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw ExecutionError("\(image): cannot download \(url): only http and https URLs are supported")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        let (descriptor, temporary) = try TemporaryFiles.file(prefix: folder + "/.\(name).download-")
        close(descriptor)
        let headers = temporary + ".headers"
        var placed = false
        defer {
            unlink(headers)
            if !placed { unlink(temporary) }
        }
        try await fetch(into: temporary, headers: headers)
        let digest = try FileDigest.sha256(of: temporary)
        try accept(digest)
        guard chmod(temporary, 0o644) == 0, rename(temporary, destination) == 0 else {
            throw ExecutionError(
                "\(image): cannot move the download to \(destination): \(String(cString: strerror(errno)))")
        }
        placed = true
        return digest
    }

    /// Runs curl until it ends, reporting progress; throws unless the server answered 2xx with the whole file.
    private func fetch(into file: String, headers: String) async throws(ExecutionError) {
        guard let curl = CommandRunner.locate("curl") else {
            throw ExecutionError("\(image): cannot download \(url): curl is not installed")
        }
        let idle = String(max(1, Int(idleTimeout.rounded(.up))))
        let argv = [
            "curl", "--silent", "--show-error", "--location", "--proto", "=http,https", "--connect-timeout", idle,
            "--speed-limit", "1", "--speed-time", idle, "--dump-header", headers, "--output", file, url,
        ]
        let process = try SpawnedProcess(executable: curl, argv: argv, directory: nil)
        var progress = DownloadProgress(step: step)
        while true {
            if let termination = process.poll() {
                guard termination == .exited(0) else {
                    let reason = process.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    throw failure(reason.isEmpty ? "curl \(termination)" : reason)
                }
                break
            }
            if let event = progress.update(received: Self.size(of: file), headers: headers) { hook.event(event) }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                process.killGroup()
                _ = process.waitBlocking()
                throw failure("cancelled")
            }
        }
        let response = HTTPResponseHead(dump: (try? String(contentsOfFile: headers, encoding: .utf8)) ?? "")
        guard let status = response.status, (200..<300).contains(status) else {
            throw failure(response.status.map { "HTTP \($0) \(response.reason)" } ?? "no HTTP response")
        }
        hook.event(progress.finished(received: Self.size(of: file), total: response.contentLength))
    }

    private func failure(_ reason: String) -> ExecutionError {
        ExecutionError("\(image): downloading \(url) failed: \(reason)")
    }

    static func size(of path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : 0
    }
}

/// The final response's status line and length, from curl's `--dump-header` file (one block per response
/// when redirects are followed; the last block is the file's).
struct HTTPResponseHead: Equatable {
    var status: Int?
    var reason = ""
    var contentLength: UInt64?

    init(dump: String) {
        for line in dump.split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("HTTP/") {
                let parts = text.split(separator: " ", maxSplits: 2)
                status = parts.count > 1 ? Int(parts[1]) : nil
                reason = parts.count > 2 ? String(parts[2]) : ""
                contentLength = nil
            } else if let colon = text.firstIndex(of: ":"),
                text[..<colon].lowercased() == "content-length"
            {
                contentLength = UInt64(text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
    }
}

/// Progress events while the file grows: every whole percent or half second, and once at the end.
struct DownloadProgress {
    var step: String
    private var reportedFraction = -1.0
    private var reportedAt = ContinuousClock.now - .seconds(1)

    init(step: String) {
        self.step = step
    }

    mutating func update(received: UInt64, headers: String) -> ExecutionEvent? {
        let head = HTTPResponseHead(dump: (try? String(contentsOfFile: headers, encoding: .utf8)) ?? "")
        let total = head.contentLength ?? 0
        let fraction = total > 0 ? min(Double(received) / Double(total), 1) : 0
        let now = ContinuousClock.now
        guard fraction - reportedFraction >= 0.01 || now - reportedAt >= .milliseconds(500) else { return nil }
        reportedFraction = max(fraction, reportedFraction)
        reportedAt = now
        return .progress(step: step, fraction: reportedFraction, detail: Self.detail(received, of: total))
    }

    func finished(received: UInt64, total: UInt64?) -> ExecutionEvent {
        .progress(step: step, fraction: 1, detail: Self.detail(received, of: total ?? 0))
    }

    private static func detail(_ received: UInt64, of total: UInt64) -> String {
        FileDigest.size(received) + (total > 0 ? " of \(FileDigest.size(total))" : "")
    }
}
