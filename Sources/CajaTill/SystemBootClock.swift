import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
