import Foundation
import Hummingbird

/// Counters and latency histograms in the Prometheus text format (`GET /metrics`):
/// requests by route and status, request latency, documents issued, sync results.
/// In-process and lock-protected; nothing here holds secrets or personal data.
public final class Metrics: @unchecked Sendable {
    // Every stored property is read and written only while `lock` is held.
    private let lock = NSLock()
    private var counters: [String: [String: Int]] = [:]   // metric name -> labels -> value
    private var latencyBuckets: [String: [Int]] = [:]     // route -> cumulative bucket counts
    private var latencySum: [String: Double] = [:]
    private var latencyCount: [String: Int] = [:]
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    static let help: [String: String] = [
        "caja_http_requests_total": "HTTP requests by method, route and status.",
        "caja_documents_issued_total": "Documents stored, by emission (normal or contingency).",
        "caja_sync_results_total": "Uploaded offline documents by sync result.",
        "caja_dgi_claims_total": "Claim transactions the DGI worker ran (one per pass; an idle server runs about one per poll interval).",
    ]

    public init() {}

    func increment(_ name: String, labels: String, by value: Int = 1) {
        lock.withLock { counters[name, default: [:]][labels, default: 0] += value }
    }

    func observe(route: String, seconds: Double) {
        lock.withLock {
            var buckets = latencyBuckets[route] ?? Array(repeating: 0, count: Self.bounds.count)
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { buckets[index] += 1 }
            latencyBuckets[route] = buckets
            latencySum[route, default: 0] += seconds
            latencyCount[route, default: 0] += 1
        }
    }

    /// The exposition text.
    public func render() -> String {
        lock.withLock {
            var out = ""
            for name in counters.keys.sorted() {
                out += "# HELP \(name) \(Self.help[name] ?? name)\n# TYPE \(name) counter\n"
                for (labels, value) in counters[name, default: [:]].sorted(by: { $0.key < $1.key }) {
                    out += "\(name){\(labels)} \(value)\n"
                }
            }
            out += "# HELP caja_http_request_duration_seconds HTTP request latency by route.\n"
            out += "# TYPE caja_http_request_duration_seconds histogram\n"
            for route in latencyBuckets.keys.sorted() {
                let buckets = latencyBuckets[route] ?? []
                for (index, bound) in Self.bounds.enumerated() {
                    out += "caja_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(buckets[index])\n"
                }
                let count = latencyCount[route] ?? 0
                out += "caja_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(count)\n"
                out += "caja_http_request_duration_seconds_sum{route=\"\(route)\"} \(latencySum[route] ?? 0)\n"
                out += "caja_http_request_duration_seconds_count{route=\"\(route)\"} \(count)\n"
            }
            return out
        }
    }
}
