import CajaCore
import Foundation

/// A document the register just issued, as `caja` reports it.
public struct IssuedDocument: Codable, Sendable {
    public var id: UUID
    public var type: String
    public var number: Int64
    public var point: String
    public var cufe: String
    /// "normal" or "contingency"
    public var emission: String
    public var total: Money
    public var received: Money
    public var change: Money
    /// "pending" (offline, in the outbox) or "sent"
    public var status: String

    public init(_ stored: StoredDocument) {
        let document = stored.document
        id = document.id
        type = document.draft.type.dgiCode
        number = document.issuance.number.value
        point = document.issuance.pointOfSale.code
        cufe = document.cufe.value
        emission = stored.emission
        total = document.totals.total
        received = document.totals.received
        change = document.totals.change
        status = stored.status.rawValue
    }
}
