// Render/Parallel spreads independent emitters over the machine's cores. Emitters are pure, so the result
// is the same bytes in the same order whatever the number of threads.
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
        let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, elements.count / minimumChunk))
        return (0..<count).map { chunk in
            let range = (elements.count * chunk / count)..<(elements.count * (chunk + 1) / count)
            return { try elements[range].flatMap(transform) }
        }
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
