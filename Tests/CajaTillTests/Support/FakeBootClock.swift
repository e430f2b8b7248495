import CajaTill
import Foundation
import Synchronization

/// A boot clock the test moves (O8): seconds since boot and the boot's identity.
final class FakeBootClock: BootClock {
    private let state = Mutex((seconds: 1000.0, boot: "boot-1"))

    func seconds() -> Double { state.withLock { $0.seconds } }
    func bootID() -> String { state.withLock { $0.boot } }

    func advance(_ seconds: Double) { state.withLock { $0.seconds += seconds } }

    /// A reboot: the clock starts again near zero under a new boot id.
    func reboot() { state.withLock { $0 = (seconds: 5, boot: UUID().uuidString) } }
}
