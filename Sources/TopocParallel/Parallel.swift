// TopocParallel spreads independent work over the machine's cores: emitting a lab's artifacts, writing its
// files. Jobs are pure, so results come back in the order of the jobs whatever the number of threads.
import Foundation

public enum Parallel {
    public typealias Job<Result> = @Sendable () throws -> [Result]

    /// Every job's results, concatenated in the order of `jobs`. Dispatch hands the jobs to as many threads
    /// as there are cores; a single job runs on the calling thread.
    public static func run<Result: Sendable>(_ jobs: [Job<Result>]) throws -> [Result] {
        guard jobs.count > 1 else { return try jobs.first?() ?? [] }
        let results = JobResults<Result>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            results.store(index, Swift.Result { try jobs[index]() })
        }
        return try results.joined()
    }

    /// `transform` of every element as jobs of contiguous chunks: a few per core, and none smaller than
    /// `minimumChunk` elements, where a thread hop would cost more than it saves.
    public static func chunks<Element: Sendable, Result: Sendable>(
        of elements: [Element], minimumChunk: Int = 32, _ transform: @escaping @Sendable (Element) throws -> [Result]
    ) -> [Job<Result>] {
        ranges(elements.count, minimumChunk: minimumChunk).map { range in
            { try elements[range].flatMap(transform) }
        }
    }

    /// `0..<count` cut into contiguous ranges: a few per core, none smaller than `minimumChunk` (one range
    /// when `count` is small).
    public static func ranges(_ count: Int, minimumChunk: Int) -> [Range<Int>] {
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, count / max(1, minimumChunk)))
        return (0..<chunks).map { chunk in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) }
    }
}

/// One slot per job, each written by exactly one worker, read after all of them finished.
private final class JobResults<Element: Sendable>: @unchecked Sendable {
    private var slots: [Result<[Element], any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<[Element], any Error>) {
        lock.withLock { slots[index] = result }
    }

    func joined() throws -> [Element] {
        try lock.withLock { slots }.flatMap { try ($0 ?? .success([])).get() }
    }
}
