import CajaServer
import Foundation

/// 6. An idle server as it ships (demo data, DGI worker on, embedded simulator): the CPU it
/// uses and the claim queries it runs while nothing is to be sent (issue 11, item 1; goal
/// < 1 % of a core, about one claim per poll interval). The baseline is the same process
/// asleep for the same time with no server, measured just before.
enum IdleBenchmark {
    static func run(seconds: Int) async throws -> [Result] {
        let asleep = try await cpuShare(seconds: seconds) {}
        let server = try await BenchServer(postgres: nil) { configuration in
            configuration.seedDemoData = true
        }
        try await Task.sleep(for: .seconds(3))   // start-up work (demo seed, first pass) is not idle time
        let claimsBefore = claims(server.app.metrics.render())
        let idle = try await cpuShare(seconds: seconds) {}
        let claimed = claims(server.app.metrics.render()) - claimsBefore
        await server.stop()
        let perInterval = Double(claimed) / Double(seconds) / server.app.configuration.dgiPollInterval.seconds
        return [
            Result(benchmark: "6. Idle server (worker on)", measure: "CPU, share of one core over \(seconds) s",
                   ours: String(format: "%.2f %%", idle * 100), baseline: String(format: "asleep %.2f %%", asleep * 100),
                   ratio: "—", goal: "< 1 %", met: idle < 0.01),
            Result(benchmark: "6. Idle server (worker on)", measure: "claim queries per poll interval",
                   ours: String(format: "%.2f", perInterval), baseline: "\(claimed) in \(seconds) s", ratio: "—",
                   goal: "≤ 1", met: perInterval <= 1.05),
        ]
    }

    /// This process's CPU time (user + system) over `seconds` of wall time, as a share of one core.
    static func cpuShare(seconds: Int, _ work: () async throws -> Void) async throws -> Double {
        let start = cpuTime()
        let wall = ContinuousClock.now
        try await work()
        try await Task.sleep(for: .seconds(seconds))
        return (cpuTime() - start) / (ContinuousClock.now - wall).seconds
    }

    static func cpuTime() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func claims(_ metrics: String) -> Int {
        metrics.split(separator: "\n").first { $0.hasPrefix("caja_dgi_claims_total") }
            .flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }
}
