import CajaCore
import Foundation
import Hummingbird
import Logging

/// Knows the requests in flight and whether the server is stopping, so that a stopping
/// server finishes what it has begun and refuses the rest cleanly (issue 11, item 3): a
/// request that arrives after the stop began gets `503 SERVER_STOPPING` with `Retry-After`,
/// one in flight is waited for (up to a deadline) before the database closes.
final class RequestGate: @unchecked Sendable {
    // `stopping` and `inFlight` are only read and written while `lock` is held.
    private let lock = NSLock()
    private var stopping = false
    private var inFlight = 0
    /// Signalled whenever the last request in flight leaves (the worker's wake-up mechanism).
    private let idle = WakeSignal()

    /// Seconds a refused client is told to wait: about a restart.
    static let retryAfterSeconds = 5

    var isStopping: Bool { lock.withLock { stopping } }

    /// Admits a request, or answers false when the server is stopping.
    func enter() -> Bool {
        lock.withLock {
            guard !stopping else { return false }
            inFlight += 1
            return true
        }
    }

    func leave() {
        let last: Bool = lock.withLock {
            inFlight -= 1
            return inFlight == 0
        }
        if last { idle.signal() }
    }

    /// Refuses new requests from now on and waits until those in flight have ended, or
    /// `timeout` has passed (a client that never finishes its body must not hold the stop).
    /// Answers how many were still running at the deadline.
    @discardableResult
    func stop(timeout: Duration) async -> Int {
        lock.withLock { stopping = true }
        let deadline = ContinuousClock.now + timeout
        // A signal kept from before the stop only ends one wait early; the count decides.
        while lock.withLock({ inFlight }) > 0, ContinuousClock.now < deadline {
            await idle.wait(timeout: deadline - ContinuousClock.now)
        }
        return lock.withLock { inFlight }
    }
}
