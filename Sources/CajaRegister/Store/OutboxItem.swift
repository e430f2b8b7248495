import CajaCore
import Foundation
import GRDB

/// A pending document with what its upload needs: its JSON as stored, not decoded (its
/// upload is cut from it: ``SyncRequest/wireJSON(stored:sessions:grants:)``).
struct OutboxItem: Sendable {
    var id: UUID
    var json: Data
    /// Its total as stored beside it; nil for a document stored before the column was.
    var total: String?
    var sessionID: UUID
    var blockID: UUID
    /// Where the document stands in the outbox's issue order, for the next read to go on after it.
    var position: OutboxPosition

    var upload: StoredUpload { StoredUpload(json: json, sessionID: sessionID, total: total) }
}

/// A place in the outbox's issue order (time, type, number): `pending(after:)` reads what
/// comes after it, so two batches read one after the other never share a document.
struct OutboxPosition: Sendable, Equatable {
    var issuedAt: Double
    var type: String
    var number: Int64
}
