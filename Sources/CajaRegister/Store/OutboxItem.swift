import CajaCore
import Foundation
import GRDB

/// A pending document with what its upload needs.
struct OutboxItem: Sendable {
    var document: FiscalDocument
    var sessionID: UUID
    var blockID: UUID
}
