import CajaCore
import Foundation

/// es-PA formats for the panel: balboas with two decimals and thousands separators
/// ("B/. 1,234.50"), dates `dd/mm/aaaa` and times `hh:mm` in America/Panama (UTC-5, no DST).
enum PanelFormat {
    static func money(_ value: Money) -> String {
        let negative = value.cents < 0
        let cents = abs(value.cents)
        var units = String(cents / 100)
        var grouped = ""
        while units.count > 3 {
            grouped = "," + units.suffix(3) + grouped
            units = String(units.dropLast(3))
        }
        let text = "B/. " + units + grouped + "." + String(format: "%02lld", cents % 100)
        return negative ? "−" + text : text
    }

    /// `dd/mm/aaaa hh:mm`
    static func dateTime(_ date: Date) -> String { PanamaTime.displayDateTime(date) }

    /// `dd/mm/aaaa`
    static func day(_ date: Date) -> String { PanamaTime.displayDate(date) }

    /// The hour (0-23) of `date` in Panama.
    static func hour(_ date: Date) -> Int { Int(String(Array(PanamaTime.dgiTimestamp(date))[11..<13])) ?? 0 }

    /// One CSV field: quoted when needed, and a leading = + - @ neutralised so a spreadsheet
    /// never runs it as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        if value.contains(where: { ",\"\n\r".contains($0) }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
