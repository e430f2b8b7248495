import Foundation

/// A clock the user cannot set (O8 in a process that lives all day): seconds since the
/// machine booted, suspend included, and which boot they count from. Tests pass their own.
public protocol BootClock: Sendable {
    /// Seconds since boot (`CLOCK_BOOTTIME`).
    func seconds() -> Double
    /// Identifies the current boot: after a reboot ``seconds()`` starts again from zero.
    func bootID() -> String
}
