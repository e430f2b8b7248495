import Foundation
import Hummingbird
import Logging

/// Knows the requests in flight and whether the server is stopping, so that a stopping
/// server finishes what it has begun and refuses the rest cleanly (issue 11, item 3): a
/// request that arrives after the stop began gets `503 SERVER_STOPPING` with `Retry-After`,
/// one in flight is waited for (up to a deadline) before the database closes.
final class RequestGate: @unchecked Sendable {
    // `stopping`, `inFlight` and `idle` are only read and written while `lock` is held.
    private let lock = NSLock()
    private var stopping = false
    private var inFlight = 0
    private var idle: [CheckedContinuation<Void, Never>] = []
    /// The current stop's deadline passed (a waiter that parks after it must not wait).
    private var timedOut = false

    /// Seconds a refused client is told to wait: about a restart.
    static let retryAfterSeconds = 5

    var isStopping: Bool { lock.withLock { stopping } }

    /// Admits a request, or answers nil when the server is stopping.
    func enter() -> Bool {
        lock.withLock {
            guard !stopping else { return false }
            inFlight += 1
            return true
        }
    }

    func leave() {
        let waiters: [CheckedContinuation<Void, Never>] = lock.withLock {
            inFlight -= 1
            guard inFlight == 0 else { return [] }
            defer { idle = [] }
            return idle
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses new requests from now on and waits until those in flight have ended, or
    /// `timeout` has passed (a client that never finishes its body must not hold the stop).
    /// Answers how many were still running at the deadline.
    @discardableResult
    func stop(timeout: Duration) async -> Int {
        lock.withLock {
            stopping = true
            timedOut = false
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let now: Bool = self.lock.withLock {
                        if self.inFlight == 0 || self.timedOut { return true }
                        self.idle.append(continuation)
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // The sleep ends on cancellation; a waiter still parked is resumed here.
            let parked: [CheckedContinuation<Void, Never>] = self.lock.withLock {
                self.timedOut = true
                defer { self.idle = [] }
                return self.idle
            }
            for waiter in parked { waiter.resume() }
        }
        return lock.withLock { inFlight }
    }
}

/// The outermost middleware: admits requests through the ``RequestGate`` and turns every
/// error that is not already an HTTP answer into the JSON error body of the contract —
/// `503 SERVER_STOPPING` (with `Retry-After`) while the server stops, else
/// `500 INTERNAL_ERROR` — so no answer is ever a bare 500 with an empty body.
struct RequestGateMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let gate: RequestGate
    let logger: Logger

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard gate.enter() else { throw APIError.stopping }
        defer { gate.leave() }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            if gate.isStopping { throw APIError.stopping }
            logger.error("request failed", metadata: ["route": "\(context.endpointPath ?? "unmatched")", "error": "\(error)"])
            throw APIError(.internalServerError, code: "INTERNAL_ERROR", message: "the server could not complete the request")
        }
    }
}
