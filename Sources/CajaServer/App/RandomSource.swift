/// Where the server's randomness comes from (security codes, tokens, backoff jitter),
/// injected like the clock so a test can make it repeatable. The live one is the system's
/// cryptographic generator.
public struct RandomSource: Sendable {
    private let source: @Sendable () -> UInt64

    public init(next: @escaping @Sendable () -> UInt64) { source = next }

    public static let system = RandomSource {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    /// A generator for the standard library's `random(in:using:)` calls.
    public var generator: Generator { Generator(source: source) }

    public struct Generator: RandomNumberGenerator {
        fileprivate let source: @Sendable () -> UInt64

        public mutating func next() -> UInt64 { source() }
    }
}
