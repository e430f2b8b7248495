import CajaCore
import Foundation
import Hummingbird
import Logging

/// The outermost middleware: admits requests through the ``RequestGate`` and turns every
/// error that is not already an HTTP answer into the JSON error body of the contract —
/// `503 SERVER_STOPPING` (with `Retry-After`) while the server stops, else
/// `500 INTERNAL_ERROR` — so no answer is ever a bare 500 with an empty body.
struct RequestGateMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let gate: RequestGate
    let logger: Logger

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard gate.enter() else { throw CajaError.stopping }
        defer { gate.leave() }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            if gate.isStopping { throw CajaError.stopping }
            logger.error("request failed", metadata: ["route": "\(context.endpointPath ?? "unmatched")", "error": "\(error)"])
            throw CajaError(.internalError, "the server could not complete the request")
        }
    }
}
