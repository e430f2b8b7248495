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

/// Who this register is, without any credential: what ``RegisterLogin`` holds but the token.
/// The journal's snapshot keeps it, so a register rebuilt by `caja recover` knows its point of
/// sale and company while the cashier cannot log in yet.
public struct RegisterIdentity: Codable, Sendable, Equatable {
    public var serverURL: String
    public var user: String
    public var companyID: UUID
    public var companyName: String
    public var pointOfSale: String
    public var deviceID: UUID
    public var deviceName: String

    init(_ login: RegisterLogin) {
        serverURL = login.serverURL
        user = login.user
        companyID = login.companyID
        companyName = login.companyName
        pointOfSale = login.pointOfSale
        deviceID = login.deviceID
        deviceName = login.deviceName
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
