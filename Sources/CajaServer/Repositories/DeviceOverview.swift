import CajaCore
import Foundation

/// A register as Configuración › Cajas lists it (``SessionRepository/deviceOverviews(company:db:)``).
struct DeviceOverview: Sendable, Decodable {
    var id: String
    var name: String
    var point: String?
    var createdAt: Int64
    var lastSeenAt: Int64?
    var retiredAt: Int64?
    var blocks: Int
    var blockNumbers: Int64
    var blockNumbersUsed: Int64
    var openOfflineSessions: Int
    var pendingDocuments: Int
    var rejectedDocuments: Int
    var quarantinedDocuments: Int

    var view: DeviceView {
        get throws {
            DeviceView(id: try UUID(uuidString: id).orThrow("device id"), name: name, point: point, createdAt: Date(millis: createdAt),
                       lastSeenAt: lastSeenAt.map(Date.init(millis:)), retiredAt: retiredAt.map(Date.init(millis:)), blocks: blocks,
                       blockNumbers: blockNumbers, blockNumbersUsed: blockNumbersUsed, openOfflineSessions: openOfflineSessions,
                       pendingDocuments: pendingDocuments, rejectedDocuments: rejectedDocuments, quarantinedDocuments: quarantinedDocuments)
        }
    }
}
