import Foundation

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
