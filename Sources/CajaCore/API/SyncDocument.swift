import Foundation

/// An offline document as the device made it: its parts, not a ``FiscalDocument``, so the
/// server can judge each one on its own and answer per document.
public struct SyncDocument: Codable, Sendable {
    public var sessionID: UUID
    public var draft: DocumentDraft
    public var issuance: Issuance
    /// The CUFE the device computed and printed; it never changes (O10).
    public var cufe: String
    /// The total the device printed; the server recomputes it (N4).
    public var total: Money

    public init(sessionID: UUID, draft: DocumentDraft, issuance: Issuance, cufe: String, total: Money) {
        self.sessionID = sessionID
        self.draft = draft
        self.issuance = issuance
        self.cufe = cufe
        self.total = total
    }

    public init(sessionID: UUID, document: FiscalDocument) {
        self.init(sessionID: sessionID, draft: document.draft, issuance: document.issuance,
                  cufe: document.cufe.value, total: document.totals.total)
    }
}
