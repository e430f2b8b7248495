import Logging
import ServiceLifecycle

/// The drain of a stop, as a service listed after the HTTP server (so told first): when the
/// group shuts down, new requests get 503 `SERVER_STOPPING` and those in flight finish, for
/// at most `timeout`; then the HTTP server stops.
struct RequestDrain: Service {
    let gate: RequestGate
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let unfinished = await gate.stop(timeout: timeout)
        if unfinished > 0 { logger.warning("stopping with requests still in flight", metadata: ["requests": "\(unfinished)"]) }
    }
}
