import Foundation

extension PanamaTime {
    /// One business day in Panama: from 00:00 to 24:00 local time (UTC−05:00 all year, so
    /// every day is 24 hours). The one place that knows where a day starts and ends: the
    /// Reporte Z's day, the panel's "today" and date filters, the block sizing's busiest day.
    public struct BusinessDay: Sendable, Hashable, Comparable, CustomStringConvertible {
        public static let seconds: TimeInterval = 86_400

        /// 00:00 of the day, Panama time.
        public let start: Date

        /// The day that contains `date`.
        public init(containing date: Date) {
            let c = PanamaTime.components(date)
            let days = PanamaTime.daysFromCivil(year: c.year, month: c.month, day: c.day)
            start = Date(timeIntervalSince1970: TimeInterval(days * 86_400 - PanamaTime.offsetSeconds))
        }

        /// The day written `AAAA-MM-DD`; nil for anything else, a day the calendar does not
        /// have (2026-02-30) included.
        public init?(_ text: String) {
            guard text.count == 10, let start = PanamaTime.parseDGITimestamp(text + "T00:00:00-05:00"),
                  String(PanamaTime.dgiTimestamp(start).prefix(10)) == text else { return nil }
            self.start = start
        }

        /// 24:00 of the day: the next day's start (exclusive).
        public var end: Date { start.addingTimeInterval(Self.seconds) }

        public var next: BusinessDay { BusinessDay(containing: end) }

        /// Whether `date` falls in this day.
        public func contains(_ date: Date) -> Bool { start <= date && date < end }

        /// `AAAA-MM-DD`.
        public var description: String { String(PanamaTime.dgiTimestamp(start).prefix(10)) }

        public static func < (lhs: BusinessDay, rhs: BusinessDay) -> Bool { lhs.start < rhs.start }
    }

    /// `dd/mm/aaaa hh:mm` in Panama time: how the panel, receipts and the till show a time.
    public static func displayDateTime(_ date: Date) -> String { "\(displayDate(date)) \(displayTime(date))" }

    /// `dd/mm/aaaa` in Panama time.
    public static func displayDate(_ date: Date) -> String {
        let c = components(date)
        return "\(pad(c.day, 2))/\(pad(c.month, 2))/\(pad(c.year, 4))"
    }

    /// `hh:mm` in Panama time.
    public static func displayTime(_ date: Date) -> String {
        let c = components(date)
        return "\(pad(c.hour, 2)):\(pad(c.minute, 2))"
    }
}
