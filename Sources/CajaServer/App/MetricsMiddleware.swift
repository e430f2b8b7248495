import Foundation
import Hummingbird

/// Counts every request and its latency under its route pattern (never the raw path, which
/// would carry ids).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: Metrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.increment("caja_http_requests_total", labels: "method=\"\(request.method.rawValue)\",route=\"\(route)\",status=\"\(status)\"")
            metrics.observe(route: route, seconds: seconds)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
