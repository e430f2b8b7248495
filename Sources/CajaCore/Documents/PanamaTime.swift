import Foundation

/// Panama's civil time: UTC−05:00 all year (no daylight saving), so it is computed with
/// integer arithmetic and no time-zone database.
public enum PanamaTime {
    public static let offsetSeconds: Int64 = -5 * 3600

    /// `AAAA-MM-DDThh:mm:ss-05:00` (the schema's fechaTZ), whole seconds.
    public static func dgiTimestamp(_ date: Date) -> String {
        let c = components(date)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))-05:00"
    }

    /// `AAAAMMDD`, the date part of the CUFE.
    public static func compactDate(_ date: Date) -> String {
        let c = components(date)
        return "\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))"
    }

    /// Parses the schema's timestamp form with any `±hh:mm` offset (the DGI sends `-05:00`).
    public static func parseDGITimestamp(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count == 25, chars[4] == 45, chars[7] == 45, chars[10] == 84, chars[13] == 58, chars[16] == 58,
              chars[22] == 58, chars[19] == 43 || chars[19] == 45 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard (48...57).contains(chars[i]) else { return nil }
                value = value * 10 + Int64(chars[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let offH = number(20..<22), let offM = number(23..<25),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let offset = (offH * 3600 + offM * 60) * (chars[19] == 45 ? -1 : 1)
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }

    struct Components { var year, month, day, hour, minute, second: Int64 }

    /// The civil date and time at `offset` seconds from UTC (Panama's unless told), to the second.
    static func components(_ date: Date, offset: Int64 = offsetSeconds) -> Components {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secs = local - days * 86_400
        let (y, m, d) = civilFromDays(days)
        return Components(year: y, month: m, day: d, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    /// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
