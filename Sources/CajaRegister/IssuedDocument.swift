import CajaCore
import Foundation

/// A document the register just issued, as `caja` reports it.
public struct IssuedDocument: Codable, Sendable {
    public var id: UUID
    public var type: DocumentType
    public var number: Int64
    public var point: String
    public var cufe: String
    public var emission: Emission
    public var total: Money
    public var received: Money
    public var change: Money
    /// Pending (offline, in the outbox) or sent.
    public var status: StoredDocument.Status

    public init(_ stored: StoredDocument) {
        let document = stored.document
        id = document.id
        type = document.draft.type
        number = document.issuance.number.value
        point = document.issuance.pointOfSale.code
        cufe = document.cufe.value
        emission = stored.emission
        total = document.totals.total
        received = document.totals.received
        change = document.totals.change
        status = stored.status
    }
}
