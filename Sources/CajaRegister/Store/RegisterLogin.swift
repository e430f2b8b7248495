import CajaCore
import Foundation

/// The online login the register keeps (O1: offline needs one): where the server is, who
/// logged in, at which point of sale, as which device. The token is the only secret here.
public struct RegisterLogin: Codable, Sendable, Equatable {
    public var serverURL: String
    public var user: String
    public var role: String
    public var token: String
    public var expiresAt: Date
    public var companyID: UUID
    public var companyName: String
    /// dPtoFacDF of every document this register issues.
    public var pointOfSale: String
    public var deviceID: UUID
    public var deviceName: String
}

/// One offline document as the journal keeps it: everything needed to send it again with
/// no other data (its offline session and the signed block its number came from).
public struct JournalEntry: Codable, Sendable {
    public var session: OfflineSession
    public var grant: SignedNumberBlock
    public var document: FiscalDocument

    /// The entry as one journal line, put together from its parts' JSON as the store
    /// already holds it (the session and grant rows, the document just encoded for its
    /// row), so a sale encodes nothing twice. The bytes are exactly what
    /// `JSONCoding.encoder` writes for the entry (sorted keys), plus the newline.
    static func line(document: Data, grant: String, session: String) -> Data {
        var line = Data(#"{"document":"#.utf8)
        line.append(document)
        line.append(contentsOf: #","grant":"#.utf8)
        line.append(contentsOf: grant.utf8)
        line.append(contentsOf: #","session":"#.utf8)
        line.append(contentsOf: session.utf8)
        line.append(contentsOf: "}\n".utf8)
        return line
    }
}

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

    public var emission: String { document.issuance.contingency == nil ? "normal" : "contingency" }
}
