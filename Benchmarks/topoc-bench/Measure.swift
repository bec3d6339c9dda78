// Clocks, samples and file-system snapshots: the small tools every measurement uses.
import Foundation
import Glibc

enum Clock {
    /// Monotonic nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func seconds(since start: UInt64) -> Double {
        Double(now() - start) / 1_000_000_000
    }

    /// Runs `body` and returns its result and wall time in seconds.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = now()
        let result = try body()
        return (result, seconds(since: start))
    }
}

/// Repeated timings of one thing, in seconds.
struct Samples {
    var values: [Double] = []

    mutating func add(_ value: Double) {
        values.append(value)
    }

    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var min: Double { values.min() ?? .nan }
}

/// Every regular file under a folder with its inode and modification time: a file that was rewritten
/// (atomically, by rename, or in place) shows a different stamp afterwards.
struct DirectorySnapshot {
    struct Stamp: Equatable {
        var inode: UInt64
        var seconds: Int
        var nanoseconds: Int
    }

    var files: [String: Stamp] = [:]

    init(_ folder: String) {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        while let path = walker.nextObject() as? String {
            var info = stat()
            guard lstat(folder + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            files[path] = Stamp(
                inode: UInt64(info.st_ino), seconds: Int(info.st_mtim.tv_sec),
                nanoseconds: Int(info.st_mtim.tv_nsec))
        }
    }

    /// Paths created, rewritten or removed between `self` and `later`, sorted.
    func changed(to later: DirectorySnapshot) -> [String] {
        let paths = Set(files.keys).union(later.files.keys)
        return paths.filter { files[$0] != later.files[$0] }.sorted()
    }
}

/// The type of the file system a folder is on (`ext4`, `tmpfs`, ...), from the longest matching mount point
/// in /proc/mounts: where artifacts go matters more than anything topoc does once thousands are written.
func fileSystemName(of path: String) -> String {
    guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return "unknown" }
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    var best = (length: -1, type: "unknown")
    for line in mounts.split(separator: "\n") {
        let fields = line.split(separator: " ")
        guard fields.count >= 3 else { continue }
        let point = String(fields[1])
        let inside = resolved == point || resolved.hasPrefix(point == "/" ? "/" : point + "/")
        if inside, point.count > best.length { best = (point.count, String(fields[2])) }
    }
    return best.type
}

/// The 1-minute load average, from /proc/loadavg.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").first.map(String.init) ?? "unknown"
}

enum Format {
    /// `0.123 s`, `12.3 ms` or `456 µs`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        if seconds >= 1 { return String(format: "%.2f s", seconds) }
        if seconds >= 0.001 { return String(format: "%.1f ms", seconds * 1_000) }
        return String(format: "%.0f µs", seconds * 1_000_000)
    }

    static func mebibytes(kibibytes: Int) -> String {
        String(format: "%.1f MiB", Double(kibibytes) / 1024)
    }

    static func kibibytes(bytes: Int) -> String {
        bytes >= 1 << 20
            ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
            : String(format: "%.1f KiB", Double(bytes) / 1024)
    }

    static func ratio(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2fx", value) : "-"
    }

    /// Pads each column to its widest cell; the first column is left-aligned, the others right-aligned.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
