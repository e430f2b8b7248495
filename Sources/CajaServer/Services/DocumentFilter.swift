import CajaCore
import Foundation

/// Filters of `GET /v1/documents` and the panel's document list.
struct DocumentFilter: Sendable {
    var point: PointOfSale?
    var type: DocumentType?
    var emission: Emission?
    var dgiStatus: DGIState?
    /// Documents of one offline session.
    var session: UUID?
    var from: Date?
    var to: Date?
    var limit: Int = 50
    var after: DocumentCursor?
}
