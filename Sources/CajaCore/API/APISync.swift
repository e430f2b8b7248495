import Foundation

/// `POST /v1/sync`: offline documents with the sessions and grants they belong to.
public struct SyncRequest: Codable, Sendable {
    public var sessions: [OfflineSession]
    public var grants: [SignedNumberBlock]
    public var documents: [SyncDocument]

    public init(sessions: [OfflineSession], grants: [SignedNumberBlock], documents: [SyncDocument]) {
        self.sessions = sessions
        self.grants = grants
        self.documents = documents
    }
}

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

/// The server's answer for one uploaded document.
public struct SyncResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Stored now.
        case accepted
        /// Stored before (same uuid): the stored result, no second copy (N3).
        case duplicate
        /// Same point, type and number as another document: both kept in quarantine (N2).
        case conflict
        /// Not a valid fiscal document (CUFE or totals do not recompute): kept in quarantine.
        case rejected
    }

    public var id: UUID
    public var status: Status
    public var code: String?
    public var message: String?
    /// Violations noticed but not fatal (N4): kept with the document and shown in the panel.
    public var flags: [DocumentFlag]
    public var document: DocumentSummary?

    public init(id: UUID, status: Status, code: String? = nil, message: String? = nil, flags: [DocumentFlag] = [],
                document: DocumentSummary? = nil) {
        self.id = id
        self.status = status
        self.code = code
        self.message = message
        self.flags = flags
        self.document = document
    }
}

public struct SyncResponse: Codable, Sendable {
    public var results: [SyncResult]

    public init(results: [SyncResult]) { self.results = results }
}
