import Foundation

/// An open-loop load (issue 16, item 3): requests arrive on a schedule of their own — a
/// Poisson process of a given rate — whether or not earlier ones have been answered, as
/// customers arrive at tills. A closed loop (clients that wait for each answer) measures
/// saturation instead, where the latency follows from the throughput (Little's law).
///
/// Each request's latency is measured from its *scheduled* arrival, not from when it was
/// sent, so a late dispatcher or a stalled server shows in the figures (no coordinated
/// omission).
struct OpenLoop {
    /// Arrival times in seconds from the start: exponential gaps of mean `1 / rate`, from a
    /// fixed seed so that every run (and its baseline) offers the same schedule.
    let arrivals: [Double]

    init(rate: Double, seconds: Double, seed: UInt64 = 0x00CA_7A00) {
        var generator = SplitMix64(seed: seed)
        var times: [Double] = []
        var time = 0.0
        while true {
            // 1 - U is in (0, 1]: the logarithm is finite.
            let uniform = 1 - Double(generator.next() >> 11) / Double(1 << 53)
            time += -log(uniform) / rate
            guard time < seconds else { break }
            times.append(time)
        }
        arrivals = times
    }

    /// Runs `request(index)` at each arrival, concurrently with those still running, and
    /// answers each one's latency from its scheduled arrival to its answer.
    func run(_ request: @escaping @Sendable (Int) async throws -> Void) async throws -> Samples {
        let clock = ContinuousClock()
        let start = clock.now
        return try await withThrowingTaskGroup(of: Double.self) { group in
            for (index, offset) in arrivals.enumerated() {
                let due = start + .nanoseconds(Int64(offset * 1e9))
                try await clock.sleep(until: due, tolerance: .zero)
                group.addTask {
                    try await request(index)
                    return (clock.now - due).seconds
                }
            }
            var samples = Samples()
            for try await latency in group { samples.add(latency) }
            return samples
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the benchmark's
/// schedule is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
