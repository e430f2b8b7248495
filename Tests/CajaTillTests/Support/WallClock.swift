import Foundation
import Synchronization

/// The wall clock the server and the till of a test share, so a test moves time for both.
final class WallClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_773_502_200)) { current = Mutex(start) }   // 2026-03-14 10:30 Panama

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
