import Foundation

/// Latency samples and what the table reports from them.
struct Samples {
    private(set) var seconds: [Double] = []

    mutating func add(_ value: Double) { seconds.append(value) }

    mutating func time<T>(_ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        let result = try await body()
        add((ContinuousClock.now - start).seconds)
        return result
    }

    func percentile(_ p: Double) -> Double {
        guard !seconds.isEmpty else { return 0 }
        let sorted = seconds.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    var p50: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var max: Double { seconds.max() ?? 0 }
    var total: Double { seconds.reduce(0, +) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// One line of the results table.
struct Result {
    var benchmark: String
    var measure: String
    var ours: String
    var baseline: String
    var ratio: String
    var goal: String
    var met: Bool?
}

enum Format {
    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
    static func us(_ seconds: Double) -> String { String(format: "%.1f µs", seconds * 1_000_000) }
    static func rate(_ perSecond: Double) -> String { String(format: "%.0f /s", perSecond) }
    static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }

    static func table(_ results: [Result]) -> String {
        var out = "| benchmark | measure | Caja | baseline | ratio | goal | met |\n|---|---|---|---|---|---|---|\n"
        for r in results {
            out += "| \(r.benchmark) | \(r.measure) | \(r.ours) | \(r.baseline) | \(r.ratio) | \(r.goal) | \(r.met.map { $0 ? "yes" : "**no**" } ?? "—") |\n"
        }
        return out
    }
}

/// A temporary directory removed at the end.
struct Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("caja-bench-\(UUID().uuidString)")

    func remove() { try? FileManager.default.removeItem(at: url) }
}
