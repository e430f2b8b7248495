import CajaCore
import Foundation

/// One row of a Z bucket's running figures (`z_running`): a document type's count, sums and
/// number range (`type`), a rate's net and ITBMS (`rate`), a payment method's amount in
/// `total_cents` (`payment`), or the change in `total_cents` (`change`). Amounts of rates,
/// payments and change are signed (credit notes subtracted), as ``ZReport/Figures`` keeps them.
struct ZRunningRow: Sendable, Codable, Equatable {
    enum Kind: String, Sendable, Codable {
        case type, rate, payment, change
    }

    var kind: Kind
    var code: String
    var docCount: Int64
    var netCents: Int64
    var itbmsCents: Int64
    var totalCents: Int64
    var firstNumber: Int64
    var lastNumber: Int64

    init(kind: Kind, code: String, docCount: Int64 = 0, net: Money = .zero, itbms: Money = .zero, total: Money = .zero,
         firstNumber: Int64 = 0, lastNumber: Int64 = 0) {
        self.kind = kind
        self.code = code
        self.docCount = docCount
        netCents = net.cents
        itbmsCents = itbms.cents
        totalCents = total.cents
        self.firstNumber = firstNumber
        self.lastNumber = lastNumber
    }

    /// The rows of some figures, in key order (kind, code).
    static func rows(of figures: ZReport.Figures) -> [ZRunningRow] {
        var rows = figures.types.map { type, sums in
            ZRunningRow(kind: .type, code: type.rawValue, docCount: Int64(sums.count), net: sums.net, itbms: sums.itbms,
                        total: sums.total, firstNumber: sums.firstNumber, lastNumber: sums.lastNumber)
        }
        rows += figures.rates.map { ZRunningRow(kind: .rate, code: $0.key.rawValue, net: $0.value.net, itbms: $0.value.itbms) }
        rows += figures.payments.map { ZRunningRow(kind: .payment, code: $0.key, total: $0.value) }
        rows.append(ZRunningRow(kind: .change, code: "", total: figures.change))
        return rows.sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
    }

    /// Adds this row to `figures`; a row this version cannot read is an error, never a zero.
    func add(to figures: inout ZReport.Figures) throws {
        switch kind {
        case .type:
            guard let type = DocumentType(rawValue: code) else { throw Self.unreadable(self) }
            figures.add(type, ZReport.Figures.TypeSums(count: Int(docCount), net: Money(cents: netCents), itbms: Money(cents: itbmsCents),
                                                       total: Money(cents: totalCents), firstNumber: firstNumber, lastNumber: lastNumber))
        case .rate:
            guard let rate = ITBMSRate(rawValue: code) else { throw Self.unreadable(self) }
            figures.add(rate, ZReport.Contribution.RateAmounts(net: Money(cents: netCents), itbms: Money(cents: itbmsCents)))
        case .payment:
            figures.add(payment: code, Money(cents: totalCents))
        case .change:
            figures.add(change: Money(cents: totalCents))
        }
    }

    private static func unreadable(_ row: ZRunningRow) -> CajaError {
        CajaError(.zFiguresMissing, "unreadable Z running figures: \(row.kind.rawValue) \(row.code)")
    }
}
