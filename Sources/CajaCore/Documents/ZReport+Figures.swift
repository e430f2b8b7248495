import Foundation

extension ZReport {
    /// The figures of a Reporte Z as running sums, signed as the Z shows them: per document
    /// type summed as they are; per rate, per payment method and the change, credit notes
    /// subtracted. Sums of sums are the same sums, so the server keeps one of these per point
    /// and business day, adding each document as it is stored, and a Z adds a handful of them
    /// instead of its 5,000 documents (issue 16, item 4); a Z built from entries adds them the
    /// same way, so both give the same report.
    public struct Figures: Sendable, Equatable {
        /// One document type's count, sums and number range.
        public struct TypeSums: Sendable, Equatable {
            public var count: Int
            public var net: Money
            public var itbms: Money
            public var total: Money
            public var firstNumber: Int64
            public var lastNumber: Int64

            public init(count: Int, net: Money, itbms: Money, total: Money, firstNumber: Int64, lastNumber: Int64) {
                self.count = count
                self.net = net
                self.itbms = itbms
                self.total = total
                self.firstNumber = firstNumber
                self.lastNumber = lastNumber
            }

            func merged(with other: TypeSums) -> TypeSums {
                TypeSums(count: count + other.count, net: net + other.net, itbms: itbms + other.itbms, total: total + other.total,
                         firstNumber: min(firstNumber, other.firstNumber), lastNumber: max(lastNumber, other.lastNumber))
            }
        }

        public private(set) var types: [DocumentType: TypeSums] = [:]
        /// Per rate: net and ITBMS, credit notes subtracted.
        public private(set) var rates: [ITBMSRate: Contribution.RateAmounts] = [:]
        /// Per iFormaPago code: the amount received, credit notes subtracted.
        public private(set) var payments: [String: Money] = [:]
        /// The change given, credit notes subtracted.
        public private(set) var change = Money.zero

        public init() {}

        public var documentCount: Int { types.values.reduce(0) { $0 + $1.count } }

        /// Invoices minus credit notes.
        public var netTotal: Money { types.reduce(.zero) { $0 + ($1.key.isCreditNote ? -$1.value.total : $1.value.total) } }

        /// Adds one document.
        public mutating func add(_ document: Contribution) {
            let signed: (Money) -> Money = { document.type.isCreditNote ? -$0 : $0 }
            add(document.type, TypeSums(count: 1, net: document.net, itbms: document.itbms, total: document.total,
                                        firstNumber: document.number, lastNumber: document.number))
            for (rate, amounts) in document.rates {
                add(rate, Contribution.RateAmounts(net: signed(amounts.net), itbms: signed(amounts.itbms)))
            }
            for (method, amount) in document.payments { add(payment: method, signed(amount)) }
            add(change: signed(document.change))
        }

        /// Adds the figures of other documents.
        public mutating func add(_ other: Figures) {
            for (type, sums) in other.types { add(type, sums) }
            for (rate, amounts) in other.rates { add(rate, amounts) }
            for (method, amount) in other.payments { add(payment: method, amount) }
            add(change: other.change)
        }

        public mutating func add(_ type: DocumentType, _ sums: TypeSums) {
            types[type] = types[type].map { $0.merged(with: sums) } ?? sums
        }

        /// Adds already signed amounts of a rate.
        public mutating func add(_ rate: ITBMSRate, _ amounts: Contribution.RateAmounts) {
            let current = rates[rate] ?? Contribution.RateAmounts(net: .zero, itbms: .zero)
            rates[rate] = Contribution.RateAmounts(net: current.net + amounts.net, itbms: current.itbms + amounts.itbms)
        }

        /// Adds an already signed amount of a payment method.
        public mutating func add(payment method: String, _ amount: Money) { payments[method, default: .zero] += amount }

        /// Adds already signed change.
        public mutating func add(change amount: Money) { change += amount }
    }

    /// A Z of these figures, listing the given contingency and late documents (each list in
    /// type and number order).
    public init(id: UUID, number: Int64, pointOfSale: String, day: String, createdAt: Date, createdBy: String, figures: Figures,
                contingency: [DocumentSummary], late: [DocumentSummary]) {
        self.id = id
        self.number = number
        self.pointOfSale = pointOfSale
        self.day = day
        self.createdAt = createdAt
        self.createdBy = createdBy
        documentCount = figures.documentCount
        byType = figures.types.map { type, sums in
            TypeLine(type: type.dgiCode, count: sums.count, net: sums.net, itbms: sums.itbms, total: sums.total,
                     firstNumber: sums.firstNumber, lastNumber: sums.lastNumber)
        }.sorted { $0.type < $1.type }
        byRate = figures.rates.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            RateLine(rate: $0.key.dgiCode, percent: $0.key.percent, net: $0.value.net, itbms: $0.value.itbms)
        }
        byPayment = figures.payments.sorted { $0.key < $1.key }.map { PaymentLine(method: $0.key, amount: $0.value) }
        change = figures.change
        netTotal = figures.netTotal
        let order: (DocumentSummary, DocumentSummary) -> Bool = { ($0.type.dgiCode, $0.number) < ($1.type.dgiCode, $1.number) }
        self.contingency = contingency.sorted(by: order)
        self.late = late.sorted(by: order)
    }
}
