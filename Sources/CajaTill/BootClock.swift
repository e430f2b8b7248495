import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A clock the user cannot set (O8 in a process that lives all day): seconds since the
/// machine booted, suspend included, and which boot they count from. Tests pass their own.
public protocol BootClock: Sendable {
    /// Seconds since boot (`CLOCK_BOOTTIME`).
    func seconds() -> Double
    /// Identifies the current boot: after a reboot ``seconds()`` starts again from zero.
    func bootID() -> String
}

/// `clock_gettime(CLOCK_BOOTTIME)` and `/proc/sys/kernel/random/boot_id`.
public struct SystemBootClock: BootClock {
    public init() {}

    public func seconds() -> Double {
        var spec = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_BOOTTIME, &spec)
        #else
        clock_gettime(CLOCK_MONOTONIC, &spec)
        #endif
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }

    public func bootID() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
