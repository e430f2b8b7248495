import Foundation

/// The server's source of time, injected so tests can move it.
public struct ServerClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = ServerClock { Date() }
}

extension Date {
    /// Epoch milliseconds, the storage form of every timestamp.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(millis: Int64) { self.init(timeIntervalSince1970: TimeInterval(millis) / 1000) }
}
