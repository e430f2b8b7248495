import Foundation

/// Reporte Z: the closing of one point of sale for one business day. Immutable once made.
public struct ZReport: Codable, Sendable, Equatable {
    public struct TypeLine: Codable, Sendable, Equatable {
        public var type: String
        public var count: Int
        public var net: Money
        public var itbms: Money
        public var total: Money
        public var firstNumber: Int64
        public var lastNumber: Int64
    }

    public struct RateLine: Codable, Sendable, Equatable {
        /// dTasaITBMS code
        public var rate: String
        public var percent: Int
        /// Net amount of the lines at this rate (invoices minus credit notes).
        public var net: Money
        public var itbms: Money
    }

    public struct PaymentLine: Codable, Sendable, Equatable {
        /// iFormaPago code
        public var method: String
        public var amount: Money
    }

    public var id: UUID
    /// Z number of the point of sale: 1, 2, 3...
    public var number: Int64
    public var pointOfSale: String
    public var day: String
    public var createdAt: Date
    public var createdBy: String
    public var documentCount: Int
    /// Per document type, each with its own sums (credit notes are not netted here).
    public var byType: [TypeLine]
    /// Per ITBMS rate: invoices minus credit notes.
    public var byRate: [RateLine]
    /// Per payment method as received (dVlrCuota); `change` is what was given back in cash.
    public var byPayment: [PaymentLine]
    public var change: Money
    /// Invoices minus credit notes.
    public var netTotal: Money
    /// Offline (contingency) documents of the report, listed apart.
    public var contingency: [DocumentSummary]
    /// Documents of an earlier, already closed day that arrived after its Z (late syncs).
    public var late: [DocumentSummary]
}
