import CajaCore
import Foundation
import SQLKit

/// One line of the panel's DGI queue.
struct QueueEntry: Sendable, Decodable {
    var documentId: String
    var point: String
    var docType: DocumentType
    var number: Int64
    var state: DGIState
    var attempts: Int
    var lastError: String?
    var resultCode: String?
    var resultMessage: String?
    var `protocol`: String?
    var nextAttemptAt: Int64

    var nextAttempt: Date { Date(millis: nextAttemptAt) }
}
