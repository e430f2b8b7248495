import CajaCore
import Foundation

extension PanamaTime {
    /// `AAAAMMDD` of a CUFE as the start of that day in Panama.
    static func parseCompactDate(_ text: String) -> Date? {
        guard text.count == 8 else { return nil }
        let t = Array(text)
        return BusinessDay("\(String(t[0..<4]))-\(String(t[4..<6]))-\(String(t[6..<8]))")?.start
    }
}
