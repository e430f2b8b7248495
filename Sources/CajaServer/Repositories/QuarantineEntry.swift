import CajaCore
import Foundation
import SQLKit

/// One quarantined upload.
struct QuarantineEntry: Sendable, Decodable {
    enum Kind: String, Sendable, Decodable {
        /// Its number belongs to another document.
        case conflict
        /// Not a valid fiscal document.
        case rejected
    }

    var id: String
    var companyId: String
    var documentId: String
    var kind: Kind
    var code: String
    var message: String
    var point: String?
    var docType: DocumentType?
    var number: Int64?
    var existingDocumentId: String?
    var payloadJson: String
    var deviceId: String?
    var receivedAt: Int64
    /// The device's name (read by ``QuarantineRepository/list(company:db:)``).
    var device: String?

    var received: Date { Date(millis: receivedAt) }
}
