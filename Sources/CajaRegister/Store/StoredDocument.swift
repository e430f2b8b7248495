import CajaCore
import Foundation

/// A document as the register stores it, with what the server said about it.
public struct StoredDocument: Sendable {
    public enum Status: String, Sendable, Codable {
        /// Issued offline, in the outbox, not yet acknowledged by the server.
        case pending
        /// Committed by the server (online issuance, or a sync answer accepted/duplicate).
        case sent
        /// The server found another document with the same number: kept, shown, not resent.
        case conflict
        /// The server refused it (e.g. totals or CUFE do not recompute): kept, shown, not resent.
        case rejected
    }

    public var document: FiscalDocument
    public var status: Status
    public var sessionID: UUID?
    /// The server's code and message for a conflict or rejection.
    public var code: String?
    public var message: String?
    /// The consultation URL with the signature's digest, once the server has signed it.
    public var qrURL: String?

    public var emission: Emission { Emission(document.issuance.emissionType) }
}
