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
