import Foundation

extension ZReport {
    /// What one document adds to a Reporte Z: its type and number, its totals, its lines'
    /// net and ITBMS per rate, its payments. Computed once from the document when it is
    /// stored and added to the running ``Figures`` of its point and day; the compact text form
    /// (``encoded``) is how versions before those running figures kept it beside the document
    /// (BENCHMARKS.md, 4), read once when a server is upgraded.
    public struct Contribution: Sendable, Equatable {
        public var type: DocumentType
        public var number: Int64
        public var contingency: Bool
        public var net: Money
        public var itbms: Money
        public var total: Money
        public var change: Money
        /// Per rate: the lines' net and ITBMS.
        public var rates: [ITBMSRate: RateAmounts]
        /// Per iFormaPago code: the amount received.
        public var payments: [String: Money]

        public struct RateAmounts: Sendable, Equatable {
            public var net: Money
            public var itbms: Money

            public init(net: Money, itbms: Money) {
                self.net = net
                self.itbms = itbms
            }
        }

        public init(document: FiscalDocument) {
            let totals = document.totals
            type = document.draft.type
            number = document.issuance.number.value
            contingency = document.issuance.contingency != nil
            net = totals.net
            itbms = totals.itbms
            total = totals.total
            change = totals.change
            rates = [:]
            for line in document.draft.lines {
                let t = line.totals
                let current = rates[line.rate] ?? RateAmounts(net: .zero, itbms: .zero)
                rates[line.rate] = RateAmounts(net: current.net + t.net, itbms: current.itbms + t.itbms)
            }
            payments = [:]
            for payment in document.draft.payments { payments[payment.method.dgiCode, default: .zero] += payment.amount }
        }

        /// `type|number|contingency|net|itbms|total|change|rate:net:itbms,…|method:amount,…`,
        /// amounts in cents, rates and methods in code order.
        public var encoded: String {
            let rateText = rates.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue):\($0.value.net.cents):\($0.value.itbms.cents)" }.joined(separator: ",")
            let paymentText = payments.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.cents)" }.joined(separator: ",")
            return [type.rawValue, String(number), contingency ? "1" : "0", String(net.cents), String(itbms.cents), String(total.cents),
                    String(change.cents), rateText, paymentText].joined(separator: "|")
        }

        public init(encoded text: String) throws(CajaError) {
            let invalid = CajaError(.invalidAmount, field: "z_figures", "unreadable Z figures: \(text)")
            let parts = text.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 9, let type = DocumentType(rawValue: String(parts[0])), let number = Int64(parts[1]),
                  parts[2] == "0" || parts[2] == "1",
                  let net = Int64(parts[3]), let itbms = Int64(parts[4]), let total = Int64(parts[5]), let change = Int64(parts[6])
            else { throw invalid }
            self.type = type
            self.number = number
            contingency = parts[2] == "1"
            self.net = Money(cents: net)
            self.itbms = Money(cents: itbms)
            self.total = Money(cents: total)
            self.change = Money(cents: change)
            rates = [:]
            for item in parts[7].split(separator: ",") {
                let fields = item.split(separator: ":")
                guard fields.count == 3, let rate = ITBMSRate(rawValue: String(fields[0])), let rateNet = Int64(fields[1]),
                      let rateITBMS = Int64(fields[2]) else { throw invalid }
                rates[rate] = RateAmounts(net: Money(cents: rateNet), itbms: Money(cents: rateITBMS))
            }
            payments = [:]
            for item in parts[8].split(separator: ",") {
                let fields = item.split(separator: ":")
                guard fields.count == 2, fields[0].count == 2, fields[0].allSatisfy(\.isNumber), let amount = Int64(fields[1]) else { throw invalid }
                payments[String(fields[0])] = Money(cents: amount)
            }
        }
    }

    /// One document going into a Z.
    public struct Entry: Sendable {
        public var contribution: Contribution
        /// Needed only for the documents the Z lists: contingency and late ones.
        public var summary: DocumentSummary?
        /// From an earlier day already closed (arrived after that day's Z).
        public var late: Bool

        public init(contribution: Contribution, summary: DocumentSummary?, late: Bool) {
            self.contribution = contribution
            self.summary = summary
            self.late = late
        }
    }

    /// Adds up the documents of a closing. Every figure is a sum of the documents' own
    /// rounded totals (the one rounding rule), so the Z always equals the sum of its documents;
    /// they are added as ``Figures``, as the server's running figures are.
    public init(id: UUID, number: Int64, pointOfSale: String, day: String, createdAt: Date, createdBy: String, entries: [Entry]) {
        var figures = Figures()
        for entry in entries { figures.add(entry.contribution) }
        self.init(id: id, number: number, pointOfSale: pointOfSale, day: day, createdAt: createdAt, createdBy: createdBy, figures: figures,
                  contingency: entries.filter(\.contribution.contingency).compactMap(\.summary),
                  late: entries.filter(\.late).compactMap(\.summary))
    }
}
