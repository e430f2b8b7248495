import CajaCore
import Foundation
import SQLKit

/// A sequence's counter.
struct SequenceState: Sendable, Decodable {
    var point: String
    var docType: DocumentType
    var nextNumber: Int64

    var lastNumber: Int64 { nextNumber - 1 }
}
