import CajaCore
import CajaRegister
import Foundation

/// O8 for the long-lived till: besides the wall clock and the store's high-water mark (which
/// the register checks on every sale), the time since activation measured by the boot clock,
/// which moving the system clock does not change. The window ends at whichever comes first.
/// After a reboot the boot clock starts again, so the anchor is retaken from what the store
/// says (its high-water rule), and only later time is added to it.
struct OfflineWindowGuard: Sendable {
    let clock: any BootClock
    let window: TimeInterval
    static let key = "offlineAnchor"

    /// Seconds of `session`'s window used, by the boot clock. `wallElapsed` is what the
    /// register's own rule says has gone by (window minus its seconds left), used when the
    /// anchor has to be (re)taken. The anchor is written to `store` when it changes.
    func elapsed(session: OfflineSession, wallElapsed: TimeInterval, store: RegisterStore) -> TimeInterval {
        let boot = clock.bootID()
        let now = clock.seconds()
        if let anchor = try? store.tillValue(OfflineAnchor.self, Self.key), anchor.sessionID == session.id, anchor.bootID == boot {
            return anchor.elapsedAtAnchor + max(0, now - anchor.bootSeconds)
        }
        let anchor = OfflineAnchor(sessionID: session.id, bootID: boot, bootSeconds: now, elapsedAtAnchor: max(0, wallElapsed))
        try? store.setTillValue(anchor, Self.key)
        return anchor.elapsedAtAnchor
    }

    /// Starts measuring a session just activated.
    func activated(_ session: OfflineSession, store: RegisterStore) {
        let anchor = OfflineAnchor(sessionID: session.id, bootID: clock.bootID(), bootSeconds: clock.seconds(), elapsedAtAnchor: 0)
        try? store.setTillValue(anchor, Self.key)
    }

    func ended(store: RegisterStore) { try? store.setTillValue(Optional<OfflineAnchor>.none, Self.key) }
}
