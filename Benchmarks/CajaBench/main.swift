import Foundation

/// `caja-bench`: Caja's speed as ratios against baselines measured in the same run (see
/// BENCHMARKS.md). Run it with `scripts/bench.sh`, which builds it in release mode and
/// starts a PostgreSQL cluster; never part of the test command.
///
///     caja-bench [--quick] [--only 1,2,3,4,4z,5,6,7,8]
/// Environment: CAJA_BENCH_POSTGRES_URL (a database this may fill), CAJA_BENCH_PGBENCH.
let arguments = CommandLine.arguments.dropFirst()
let quick = arguments.contains("--quick")
let only: Set<String> = arguments.firstIndex(of: "--only").flatMap { index in
    arguments.index(after: index) < arguments.endIndex ? Set(arguments[arguments.index(after: index)].split(separator: ",").map(String.init)) : nil
} ?? ["1", "2", "3", "4", "4z", "5", "6", "7", "8"]
let environment = ProcessInfo.processInfo.environment
let postgres = environment["CAJA_BENCH_POSTGRES_URL"]
let pgbench = environment["CAJA_BENCH_PGBENCH"] ?? "pgbench"

func log(_ text: String) { FileHandle.standardError.write(Data("caja-bench: \(text)\n".utf8)) }

var results: [Result] = []
do {
    if only.contains("5") {
        log("5. signing")
        results += try SigningBenchmark.run(count: quick ? 300 : 2000)
    }
    if only.contains("1") {
        log("1. offline issuance")
        results += try await RegisterBenchmarks.offlineIssuance(count: quick ? 100 : 500)
    }
    if only.contains("2") {
        let count = quick ? 1000 : 10_000
        log("2. sync \(count) documents, SQLite")
        results += try await RegisterBenchmarks.sync(count: count, postgres: nil, label: "SQLite")
        results.append(try await RegisterBenchmarks.syncWithoutWorker(count: count, postgres: nil, label: "SQLite"))
        if let postgres {
            log("2. sync \(count) documents, PostgreSQL")
            results += try await RegisterBenchmarks.sync(count: count, postgres: postgres, label: "PostgreSQL")
            results.append(try await RegisterBenchmarks.syncWithoutWorker(count: count, postgres: postgres, label: "PostgreSQL"))
        }
    }
    if only.contains("3") {
        log("3. online issuance: an open loop (latency) on each database, then a closed loop (saturation)")
        let seconds: Double = quick ? 10 : 30
        results += try await ServerBenchmarks.onlineOpenLoop(postgres: nil, label: "SQLite", rate: 100, seconds: seconds)
        if let postgres {
            results += try await ServerBenchmarks.onlineOpenLoop(postgres: postgres, label: "PostgreSQL", rate: 100, seconds: seconds)
            results += try await ServerBenchmarks.onlineOpenLoop(postgres: postgres, label: "PostgreSQL", rate: 100, seconds: seconds, worker: false)
            results += try await ServerBenchmarks.onlineLoad(postgres: postgres, pgbench: pgbench, clients: 50, perClient: quick ? 10 : 40)
        }
    }
    if only.contains("4"), let postgres {
        log("4. queries at scale")
        results += try await ScaleBenchmark.run(postgres: postgres, documents: quick ? 100_000 : 1_000_000, zDays: quick ? 5 : 20,
                                                samples: quick ? 50 : 200)
    }
    if only.contains("4z") {
        log("4z. Reportes Z of 5,000-document days")
        results += try await ZBenchmark.run(postgres: postgres, days: quick ? 5 : 10)
    }
    if only.contains("6") {
        log("6. idle server")
        results += try await IdleBenchmark.run(seconds: quick ? 10 : 30)
    }
    if only.contains("7") {
        log("7. the till (caja ui)")
        results += try await TillBenchmark.run(sales: quick ? 100 : 500, lookups: quick ? 1000 : 10_000)
    }
    if only.contains("8") {
        log("8. catalog (issue 14)")
        results += try await CatalogBenchmark.run(postgres: postgres, products: quick ? 10_000 : 50_000, samples: quick ? 100 : 500)
    }
} catch {
    log("failed: \(error)")
    print(Format.table(results))
    exit(1)
}
print(Format.table(results))
