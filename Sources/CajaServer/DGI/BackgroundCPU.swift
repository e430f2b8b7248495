import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU-heavy background work — the DGI queue's RSA signatures — on threads of its own that
/// run at a lower scheduling priority (a higher `nice`) than the threads serving requests.
///
/// Why: the queue signs every stored document (issue 16, item 2), 10 core-seconds for a sync
/// of 10,000. On Swift's cooperative pool that work sat in the same two threads as the
/// requests, so a till's sale or a reconnecting till's sync waited behind signatures that
/// nobody is waiting for (the DGI may receive a contingency document later; the till may
/// not wait). Here the kernel runs the requests first and gives the signatures every cycle
/// the requests leave idle; under a constant full load the signatures still get their nice
/// share (about 10 % of a core at nice 10), so the queue never stops.
///
/// One pool per process, like NIO's singleton event loops: its threads live as long as the
/// process and wait on a condition (no CPU) while there is nothing to do.
final class BackgroundCPU: @unchecked Sendable {
    // @unchecked: `jobs` is read and written only while `condition` is locked.
    static let shared = BackgroundCPU(threads: max(1, ProcessInfo.processInfo.activeProcessorCount), niceness: 10)

    /// The `nice` value of the pool's threads (0 is the requests').
    let niceness: Int32
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    init(threads: Int, niceness: Int32) {
        self.niceness = niceness
        for index in 0..<threads {
            let thread = Thread { [self] in
                // On Linux the nice value is a thread's own (setpriority(2), "BUGS"), and
                // `who` 0 is the calling thread (the kernel's `current`): this lowers this
                // thread only.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
                work()
            }
            thread.name = "caja-background-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on one of the pool's threads and answers its result; the caller's task
    /// is suspended meanwhile, so it holds no thread of the cooperative pool.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            // A queue a claimed batch long: removing the first is cheap at that size.
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
