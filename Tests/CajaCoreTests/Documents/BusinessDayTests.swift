import CajaCore
import Foundation
import Testing

/// Panama's business day (UTC−05:00 all year): the Reporte Z's day (O9), the panel's "today"
/// and the block sizing's busiest day (N2) all read it from one value.
@Suite("Business day in Panama")
struct BusinessDayTests {
    @Test("O9: a day runs from 00:00 to 24:00 Panama time, whatever the UTC date")
    func bounds() throws {
        let day = try #require(PanamaTime.BusinessDay("2026-03-14"))
        #expect(day.start == PanamaTime.parseDGITimestamp("2026-03-14T00:00:00-05:00"))
        #expect(day.end == PanamaTime.parseDGITimestamp("2026-03-15T00:00:00-05:00"))
        #expect(day.description == "2026-03-14")
        // 23:59:59 in Panama is already the 15th in UTC, and still the 14th here.
        let lateEvening = try #require(PanamaTime.parseDGITimestamp("2026-03-14T23:59:59-05:00"))
        #expect(PanamaTime.BusinessDay(containing: lateEvening) == day)
        #expect(day.contains(lateEvening) && !day.contains(day.end))
        #expect(PanamaTime.BusinessDay(containing: day.end) == day.next && day < day.next)
        #expect(day.next.description == "2026-03-15")
    }

    @Test("a day is read only as AAAA-MM-DD")
    func parsing() {
        for text in ["2026-3-14", "2026-03-14T00:00:00-05:00", "14/03/2026", "2026-13-01", "2026-02-30", "2026-04-31", ""] {
            #expect(PanamaTime.BusinessDay(text) == nil, "\(text)")
        }
    }

    @Test("property: every instant lies in exactly the day that contains it, across years")
    func containing() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 0...4_102_444_800, using: &generator)))
            let day = PanamaTime.BusinessDay(containing: date)
            #expect(day.contains(date))
            #expect(PanamaTime.BusinessDay(day.description) == day)
            #expect(String(PanamaTime.dgiTimestamp(date).prefix(10)) == day.description)
        }
    }

    @Test("the display forms are dd/mm/aaaa and hh:mm in Panama time")
    func display() throws {
        let date = try #require(PanamaTime.parseDGITimestamp("2026-03-14T23:05:09-05:00"))
        #expect(PanamaTime.displayDateTime(date) == "14/03/2026 23:05")
        #expect(PanamaTime.displayDate(date) == "14/03/2026" && PanamaTime.displayTime(date) == "23:05")
    }
}
