import AsyncHTTPClient
import CajaCore
import Foundation
import NIOCore

extension ServerBenchmarks {
    /// 3. Online issuance under a realistic load (issue 16, item 3): `rate` documents a second
    /// offered for `seconds`, Poisson arrivals spread over ten points of sale (arrival `i` at
    /// point `i % 10 + 1`), whether or not earlier ones were answered. The baseline is the same
    /// schedule of `GET /health` on the same server, in the same run: the HTTP round trip and
    /// the scheduling under that load, with no document work.
    ///
    /// `worker: false` is the one run with a part switched off, and says so in its rows: the
    /// same load with the DGI worker off, which shows the worker's share of the latency
    /// (every stored document is signed, sent to the embedded simulator and recorded on the
    /// same two cores and database meanwhile). Its rows carry no goal; the goal is judged on
    /// the run as it ships.
    static func onlineOpenLoop(postgres: String?, label: String, rate: Double, seconds: Double, worker: Bool = true) async throws -> [Result] {
        let server = try await BenchServer(postgres: postgres) { $0.dgiWorker = worker }
        let company = try await benchCompany(server, points: 10)
        let http = httpClient(connections: 200)
        do {
            let results = try await openLoop(server, company: company, http: http, label: label, rate: rate, seconds: seconds)
            if worker { return results }
            return results.filter { $0.measure.hasPrefix("p") }.map {
                Result(benchmark: $0.benchmark, measure: "\($0.measure), the DGI worker off (its share; not as shipped)", ours: $0.ours,
                       baseline: $0.baseline, ratio: $0.ratio, goal: "—", met: nil)
            }
        } catch {
            try? await http.shutdown()
            await server.stop()
            throw error
        }
    }

    private static func openLoop(_ server: BenchServer, company: UUID, http: HTTPClient, label: String, rate: Double,
                                 seconds: Double) async throws -> [Result] {
        let tokens = try await cashierTokens(server, company: company, count: 10, http: http)
        // Warm up: each point's first document, and the pool's connections.
        for token in tokens { let _: DocumentDetail = try await post(http, server.url + "/v1/documents", token: token, draft(), as: DocumentDetail.self) }
        let load = OpenLoop(rate: rate, seconds: seconds)
        log("3. open loop (\(label)): \(load.arrivals.count) arrivals in \(Int(seconds)) s; the baseline GET /health first")
        let health = try await load.run { _ in _ = try await get(http, server.url + "/health") }
        let documents = try await load.run { index in
            // An overloaded server's answer is late, not lost: measured however late it is.
            let _: DocumentDetail = try await post(http, server.url + "/v1/documents", token: tokens[index % tokens.count], draft(),
                                                   as: DocumentDetail.self, timeout: .minutes(10))
        }
        try await http.shutdown()
        await server.stop()
        let name = "3. Online issuance, open loop, \(Int(rate)) documents/s Poisson × 10 points for \(Int(seconds)) s (\(label))"
        log("3. open loop (\(label)): p50 \(Format.ms(documents.p50)), p99 \(Format.ms(documents.p99)), max \(Format.ms(documents.max))")
        return [
            Result(benchmark: name, measure: "p99 latency from arrival", ours: Format.ms(documents.p99),
                   baseline: "GET /health p99 \(Format.ms(health.p99))", ratio: Format.ratio(documents.p99 / health.p99),
                   goal: "p99 < 50 ms", met: documents.p99 < 0.05),
            Result(benchmark: name, measure: "p50 latency from arrival", ours: Format.ms(documents.p50),
                   baseline: "GET /health p50 \(Format.ms(health.p50))", ratio: Format.ratio(documents.p50 / health.p50), goal: "—", met: nil),
            Result(benchmark: name, measure: "max latency from arrival", ours: Format.ms(documents.max),
                   baseline: "GET /health max \(Format.ms(health.max))", ratio: "—", goal: "—", met: nil),
        ]
    }
}
