import Foundation

/// A period of modo offline on one device: when and why it began and who accepted the
/// conditions (O2). It travels with the offline documents to the server (O11, N4).
public struct OfflineSession: Hashable, Codable, Sendable {
    public var id: UUID
    /// Activation time; becomes dFechaCont of every document of the session (O10).
    public var activatedAt: Date
    /// The cashier's reason (dMotCont), 15-150 characters.
    public var reason: String
    /// Who accepted the conditions and risks.
    public var acceptedBy: String
    public var acceptedAt: Date
    /// Version of the conditions text that was shown and accepted.
    public var termsVersion: String
    /// When the register went back online (nil while the session is open). Sent once more
    /// after the session's documents, so the panel can show its end.
    public var endedAt: Date?

    public init(id: UUID, activatedAt: Date, reason: String, acceptedBy: String, acceptedAt: Date, termsVersion: String) {
        self.id = id
        self.activatedAt = activatedAt
        self.reason = reason
        self.acceptedBy = acceptedBy
        self.acceptedAt = acceptedAt
        self.termsVersion = termsVersion
    }

    /// The contingency data every document of this session carries (O10).
    public var contingency: Contingency { Contingency(start: activatedAt, reason: reason) }

    /// Checks an activation (O2): a reason of 15-150 characters and an explicit acceptance.
    public func validate() throws(CajaError) {
        try Contingency.validateReason(reason, field: "offlineSession.reason")
        do {
            try TextRule.check(acceptedBy, field: "offlineSession.acceptedBy", length: 1...100)
            try TextRule.check(termsVersion, field: "offlineSession.termsVersion", length: 1...20)
        } catch {
            throw CajaError(.offlineTermsNotAccepted, field: error.field, error.detail)
        }
    }
}
