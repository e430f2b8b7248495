import CajaCore
import Foundation
import GRDB

/// A pending document with what its upload needs.
struct OutboxItem: Sendable {
    var document: FiscalDocument
    var sessionID: UUID
    var blockID: UUID
    /// Where the document stands in the outbox's issue order, for the next read to go on after it.
    var position: OutboxPosition
}

/// A place in the outbox's issue order (time, type, number): `pending(after:)` reads what
/// comes after it, so two batches read one after the other never share a document.
struct OutboxPosition: Sendable, Equatable {
    var issuedAt: Double
    var type: String
    var number: Int64
}
