import Foundation

/// A wake-up that a waiter can miss no signal of and that survives the waiter's timeouts
/// (the DGI worker's "a document was stored", the request gate's "nothing in flight").
///
/// The worker waits for "a document was stored" or the poll interval, whichever comes first.
/// An `AsyncStream` iterated from a task that is cancelled when the sleep wins is terminated
/// by that cancellation, and every later wait then returns at once: the worker spun
/// (PITFALLS.md, issue 11). Here a timeout only resumes the current waiter; the signal
/// itself stays usable for ever. Signals that arrive while nobody waits are kept as one
/// (a pass claims everything due, so many stored documents need one pass, not many).
final class WakeSignal: @unchecked Sendable {
    // `pending` and `waiter` are only read and written while `lock` is held; a continuation
    // is taken out of `waiter` under the lock and resumed exactly once, outside it.
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    /// The current wait's time ran out (or its task was cancelled) before it had installed
    /// its waiter; reset when a wait begins.
    private var expired = false

    /// Wakes the current waiter, or the next one if nobody waits now.
    func signal() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiter { self.waiter = nil; return waiter }
            pending = true
            return nil
        }
        continuation?.resume()
    }

    /// Returns when signalled (or at once if a signal came since the last wait), after
    /// `timeout`, or when the calling task is cancelled.
    func wait(timeout: Duration) async {
        let signalled: Bool = lock.withLock {
            expired = false
            defer { pending = false }
            return pending
        }
        if signalled { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Only a sleep that ran its full time resumes the waiter; a cancelled one
                // (the signal came first) leaves it alone.
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                self.resumeWaiter()
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow: Bool = lock.withLock {
                        if pending || expired || Task.isCancelled { pending = false; return true }
                        waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.resumeWaiter()
            }
            group.cancelAll()
        }
    }

    /// Ends the current wait (its time ran out, or its task was cancelled), even one that
    /// has not installed its waiter yet.
    private func resumeWaiter() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            guard let waiter else { expired = true; return nil }
            self.waiter = nil
            return waiter
        }
        continuation?.resume()
    }
}
