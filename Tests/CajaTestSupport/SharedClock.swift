import Foundation

/// A clock both the server and the registers of a test read, so the test moves time for all.
public final class SharedClock: @unchecked Sendable {
    // `current` is only touched while `lock` is held.
    private let lock = NSLock()
    private var current: Date
    private let followsSystem: Bool

    public init(_ start: Date = Date(timeIntervalSince1970: 1_773_502_200)) {   // 2026-03-14 10:30 Panama
        current = start
        followsSystem = false
    }

    /// The system's time, for tests that drive the `caja` executable (which reads it).
    public init(system: Void) {
        current = Date()
        followsSystem = true
    }

    public var now: Date { followsSystem ? Date() : lock.withLock { current } }

    public func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    public func set(_ date: Date) { lock.withLock { current = date } }
}
