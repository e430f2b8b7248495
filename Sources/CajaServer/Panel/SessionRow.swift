import CajaCore
import Foundation

struct SessionRow: Sendable {
    var id: String
    var device: String
    var reason: String
    var acceptedBy: String
    var acceptedAt: String
    var termsVersion: String
    var start: String
    var end: String
    var documents: Int
    var synced: String
    var flagged: Int
    var hasFlags: Bool
    var documentsURL: String

    init(_ session: OfflineSessionOverview) {
        id = session.id
        device = session.device
        reason = session.reason
        acceptedBy = session.acceptedBy
        acceptedAt = PanelFormat.dateTime(Date(millis: session.acceptedAt))
        termsVersion = session.termsVersion
        start = PanelFormat.dateTime(Date(millis: session.activatedAt))
        end = session.endedAt.map { PanelFormat.dateTime(Date(millis: $0)) } ?? "abierta"
        documents = session.documents
        synced = session.lastSynced.map { PanelFormat.dateTime(Date(millis: $0)) } ?? "—"
        flagged = session.flagged
        hasFlags = session.flagged > 0
        documentsURL = "/panel/documentos?emission=contingency&session=\(session.id)"
    }
}
