@testable import CajaCore
import Foundation
import Testing

@Suite("Money, quantities and the rounding rule")
struct MoneyTests {
    @Test("amounts parse from text with at most two decimals and print with exactly two")
    func parseAndFormat() {
        #expect(Money("12")?.cents == 1200)
        #expect(Money("12.5")?.cents == 1250)
        #expect(Money("0.07")?.cents == 7)
        #expect(Money("-3.10")?.cents == -310)
        #expect(Money("12.50")?.description == "12.50")
        #expect(Money(cents: 5).description == "0.05")
        #expect(Money(cents: -5).description == "-0.05")
        for bad in ["", "1.234", "1,50", "1e3", " 1.00", "1.", ".5", "abc", "--1", "99999999999999999"] {
            #expect(Money(bad) == nil, "accepted '\(bad)'")
        }
    }

    @Test("quantities keep up to six decimals")
    func quantities() {
        #expect(Quantity("1.5")?.millionths == 1_500_000)
        #expect(Quantity("0.375")?.description == "0.375")
        #expect(Quantity("2")?.description == "2.00")
        #expect(Quantity("0.0000001") == nil)
    }

    @Test("rounding is half-up on magnitudes, in one place")
    func roundHalfUp() {
        #expect(FixedPoint.roundHalfUp(5, dividingBy: 10) == 1)
        #expect(FixedPoint.roundHalfUp(4, dividingBy: 10) == 0)
        #expect(FixedPoint.roundHalfUp(-5, dividingBy: 10) == -1)
        #expect(FixedPoint.roundHalfUp(15, dividingBy: 10) == 2)
        #expect(FixedPoint.roundHalfUp(25, dividingBy: 10) == 3)   // not banker's rounding
    }

    @Test("ITBMS per rate with its DGI code, rounded half-up to the cent")
    func itbms() {
        #expect(ITBMSRate.general.tax(on: Money("0.50")!) == Money("0.04")!)   // 0.035 -> 0.04
        #expect(ITBMSRate.general.tax(on: Money("0.49")!) == Money("0.03")!)   // 0.0343 -> 0.03
        #expect(ITBMSRate.reduced10.tax(on: Money("5.70")!) == Money("0.57")!)
        #expect(ITBMSRate.tobacco.tax(on: Money("5.10")!) == Money("0.77")!)   // 0.765 -> 0.77
        #expect(ITBMSRate.exempt.tax(on: Money("1.35")!) == .zero)
        #expect(ITBMSRate.allCases.map(\.dgiCode) == ["00", "01", "02", "03"])
        #expect(ITBMSRate.allCases.map(\.percent) == [0, 7, 10, 15])
        #expect(ITBMSRate(percent: 7) == .general)
        #expect(ITBMSRate(percent: 8) == nil)
    }

    @Test("a line rounds once: quantity x price, then tax on the rounded net")
    func lineTotals() {
        let cheese = Fixtures.line("Queso", "0.375", "9.99", .general)   // 3.74625 -> 3.75
        #expect(cheese.totals.net == Money("3.75")!)
        #expect(cheese.totals.itbms == Money("0.26")!)                  // 0.2625 -> 0.26
        #expect(cheese.totals.total == Money("4.01")!)
        let discounted = Fixtures.line("Servicio", "1", "12.00", .general, discount: "2.00")
        #expect(discounted.totals.net == Money("10.00")!)
        #expect(discounted.totals.itbms == Money("0.70")!)
    }

    @Test("the fixture invoice's totals, change included")
    func documentTotals() throws {
        let totals = try Fixtures.offlineInvoice().totals
        // 8.50 + 1.35 + 5.70 + 5.10 + 3.75 = 24.40 ; ITBMS 0.60 + 0 + 0.57 + 0.77 + 0.26 = 2.20
        #expect(totals.net == Money("24.40")!)
        #expect(totals.itbms == Money("2.20")!)
        #expect(totals.total == Money("26.60")!)
        #expect(totals.received == Money("30.00")!)
        #expect(totals.change == Money("3.40")!)
        #expect(totals.itbmsByRate[.tobacco] == Money("0.77")!)
    }

    @Test("property: totals always equal the sum of the rounded lines plus their tax")
    func totalsAddUp() {
        forAll(500) { rng, _ in
            let lines = (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                LineItem(description: "Producto", quantity: Quantity(millionths: Int64.random(in: 1...50_000_000, using: &rng)),
                         unitPrice: Money(cents: Int64.random(in: 0...500_000, using: &rng)),
                         rate: ITBMSRate.allCases.randomElement(using: &rng)!)
            }
            let paid = Money(cents: Int64.random(in: 0...10_000_000, using: &rng))
            let totals = DocumentTotals(lines: lines, payments: [.cash(paid)])
            let nets = lines.map { $0.totals.net }.sum()
            let taxes = lines.map { $0.totals.itbms }.sum()
            #expect(totals.net == nets)
            #expect(totals.itbms == taxes)
            #expect(totals.total == nets + taxes)
            #expect(totals.itemsTotal == lines.map { $0.totals.total }.sum())
            #expect(totals.itemsTotal == totals.total)
            #expect(totals.change == (paid > totals.total ? paid - totals.total : .zero))
            for line in lines {
                // The net never strays more than half a cent from the exact product.
                let exact = Int128(line.unitPrice.cents) * Int128(line.quantity.millionths)
                let error = Int128(line.totals.net.cents) * 1_000_000 - exact
                #expect(error.magnitude <= 500_000)
            }
        }
    }

    @Test("money round-trips through JSON as a two-decimal string")
    func json() throws {
        let data = try JSONEncoder().encode([Money("1.5")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["1.50"]"#)
        #expect(try JSONDecoder().decode([Money].self, from: data) == [Money("1.50")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data(#"["1.505"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[1.5]".utf8)) }
    }
}
