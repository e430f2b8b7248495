import CajaCore
import Foundation
import SQLKit

/// Uploads kept aside (`quarantine`, N2/N3): a number conflict, or a document that is not a
/// valid fiscal document. Kept with the payload as sent, shown in the panel, never dropped.
protocol QuarantineRepository: Sendable {
    func insert(_ entry: QuarantineEntry, db: any SQLDatabase) async throws
    /// The entries of these uploads (the answer given the first time).
    func entries(documents: [UUID], company: UUID, db: any SQLDatabase) async throws -> [QuarantineEntry]
    /// The newest 200, with the sending device's name.
    func list(company: UUID, db: any SQLDatabase) async throws -> [QuarantineEntry]
}

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
