import Foundation

extension ZReport {
    /// One document going into a Z.
    public struct Entry: Sendable {
        public var document: FiscalDocument
        public var summary: DocumentSummary
        /// From an earlier day already closed (arrived after that day's Z).
        public var late: Bool

        public init(document: FiscalDocument, summary: DocumentSummary, late: Bool) {
            self.document = document
            self.summary = summary
            self.late = late
        }
    }

    /// Adds up the documents of a closing. Every figure is a sum of the documents' own
    /// rounded totals (the one rounding rule), so the Z always equals the sum of its documents.
    public init(id: UUID, number: Int64, pointOfSale: String, day: String, createdAt: Date, createdBy: String, entries: [Entry]) {
        var types: [String: TypeLine] = [:]
        var rates: [ITBMSRate: (net: Money, itbms: Money)] = [:]
        var payments: [String: Money] = [:]
        var change = Money.zero
        var netTotal = Money.zero
        for entry in entries {
            let document = entry.document
            let totals = document.totals
            let number = document.issuance.number.value
            let sign: Int64 = document.draft.type.isCreditNote ? -1 : 1
            var line = types[document.draft.type.dgiCode] ?? TypeLine(
                type: document.draft.type.dgiCode, count: 0, net: .zero, itbms: .zero, total: .zero,
                firstNumber: number, lastNumber: number)
            line.count += 1
            line.net += totals.net
            line.itbms += totals.itbms
            line.total += totals.total
            line.firstNumber = min(line.firstNumber, number)
            line.lastNumber = max(line.lastNumber, number)
            types[line.type] = line
            for item in document.draft.lines {
                let t = item.totals
                let current = rates[item.rate] ?? (.zero, .zero)
                rates[item.rate] = (current.net + Money(cents: sign * t.net.cents), current.itbms + Money(cents: sign * t.itbms.cents))
            }
            for payment in document.draft.payments {
                payments[payment.method.dgiCode, default: .zero] += Money(cents: sign * payment.amount.cents)
            }
            change += Money(cents: sign * totals.change.cents)
            netTotal += Money(cents: sign * totals.total.cents)
        }
        self.id = id
        self.number = number
        self.pointOfSale = pointOfSale
        self.day = day
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.documentCount = entries.count
        self.byType = types.values.sorted { $0.type < $1.type }
        self.byRate = rates.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            RateLine(rate: $0.key.dgiCode, percent: $0.key.percent, net: $0.value.net, itbms: $0.value.itbms)
        }
        self.byPayment = payments.sorted { $0.key < $1.key }.map { PaymentLine(method: $0.key, amount: $0.value) }
        self.change = change
        self.netTotal = netTotal
        self.contingency = entries.filter { $0.document.issuance.contingency != nil }.map(\.summary)
        self.late = entries.filter(\.late).map(\.summary)
    }
}
