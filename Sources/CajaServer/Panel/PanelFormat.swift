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
    static func dateTime(_ date: Date) -> String { "\(day(date)) \(time(date))" }

    /// `dd/mm/aaaa`
    static func day(_ date: Date) -> String {
        let t = Array(PanamaTime.dgiTimestamp(date))
        return "\(String(t[8..<10]))/\(String(t[5..<7]))/\(String(t[0..<4]))"
    }

    /// `hh:mm`
    static func time(_ date: Date) -> String { String(Array(PanamaTime.dgiTimestamp(date))[11..<16]) }

    /// `AAAA-MM-DD` (the value of an `<input type="date">`).
    static func isoDay(_ date: Date) -> String { String(PanamaTime.dgiTimestamp(date).prefix(10)) }

    /// The start of the Panama day that contains `date`.
    static func startOfDay(_ date: Date) -> Date {
        PanamaTime.parseDGITimestamp(isoDay(date) + "T00:00:00-05:00") ?? date
    }

    /// The hour (0-23) of `date` in Panama.
    static func hour(_ date: Date) -> Int { Int(String(Array(PanamaTime.dgiTimestamp(date))[11..<13])) ?? 0 }

    static func documentType(_ code: String) -> String {
        switch code {
        case "01": "Factura"
        case "04": "Nota de crédito"
        case "06": "Nota de crédito genérica"
        default: code
        }
    }

    static func dgiStatus(_ code: String) -> String {
        switch code {
        case "pending": "Pendiente"
        case "sent": "Enviado"
        case "authorized": "Autorizado"
        case "rejected": "Rechazado"
        default: code
        }
    }

    static func emission(_ code: String) -> String { code == "contingency" ? "Contingencia (offline)" : "Normal" }

    static func paymentMethod(_ code: String) -> String {
        switch code {
        case "02": "Efectivo"
        case "03": "Tarjeta de crédito"
        case "04": "Tarjeta de débito"
        case "08": "Transferencia"
        case "99": "Otro"
        default: code
        }
    }

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
