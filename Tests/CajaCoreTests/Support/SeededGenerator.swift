/// SplitMix64: a small deterministic random source, so a property test that fails can be
/// rerun with the seed it printed.
struct SeededGenerator: RandomNumberGenerator {
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

/// Runs `body` for `count` random cases from a fixed seed (override with CAJA_PROPERTY_SEED).
func forAll(_ count: Int = 300, seed: UInt64 = 0xCA7A_2026, _ body: (inout SeededGenerator, Int) throws -> Void) rethrows {
    var generator = SeededGenerator(seed: seed)
    for index in 0..<count { try body(&generator, index) }
}
