import CajaTill
import Foundation
import Synchronization

/// The wall clock the server and the till of a test share, so a test moves time for both.
final class WallClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_773_502_200)) { current = Mutex(start) }   // 2026-03-14 10:30 Panama

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A boot clock the test moves (O8): seconds since boot and the boot's identity.
final class FakeBootClock: BootClock {
    private let state = Mutex((seconds: 1000.0, boot: "boot-1"))

    func seconds() -> Double { state.withLock { $0.seconds } }
    func bootID() -> String { state.withLock { $0.boot } }

    func advance(_ seconds: Double) { state.withLock { $0.seconds += seconds } }

    /// A reboot: the clock starts again near zero under a new boot id.
    func reboot() { state.withLock { $0 = (seconds: 5, boot: UUID().uuidString) } }
}
