import CajaCore
import Foundation

/// Times as the cashier reads them: `dd/mm/aaaa hh:mm`, Panama time.
enum DisplayTime {
    static func text(_ date: Date) -> String {
        let t = Array(PanamaTime.dgiTimestamp(date))   // AAAA-MM-DDThh:mm:ss-05:00
        return "\(String(t[8..<10]))/\(String(t[5..<7]))/\(String(t[0..<4])) \(String(t[11..<16]))"
    }

    /// `hh:mm` of a number of seconds (time left of the 24 h).
    static func duration(_ seconds: Int) -> String {
        let s = max(0, seconds)
        return String(format: "%02d:%02d", s / 3600, (s % 3600) / 60)
    }
}
