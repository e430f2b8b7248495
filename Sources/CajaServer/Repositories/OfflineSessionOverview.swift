import CajaCore
import Foundation
import SQLKit

/// An offline session as the panel lists it.
struct OfflineSessionOverview: Sendable, Decodable {
    var id: String
    var device: String
    var reason: String
    var acceptedBy: String
    var acceptedAt: Int64
    var termsVersion: String
    var activatedAt: Int64
    var endedAt: Int64?
    var documents: Int
    var lastSynced: Int64?
    var flagged: Int
}
