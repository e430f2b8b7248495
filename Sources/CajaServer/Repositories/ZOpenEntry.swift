import CajaCore
import Foundation
import SQLKit

/// A document waiting for its Z.
struct ZOpenEntry: Sendable {
    var document: UUID
    var issuedAt: Date
    /// nil for a document whose figures could not be filled.
    var figures: String?
}
