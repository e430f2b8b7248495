import CajaCore
import Foundation

struct HomeView: Sendable {
    struct PointLine: Sendable {
        var point: String
        var count: Int
        var total: String
    }

    var day: String
    var count: Int
    var total: String
    var points: [PointLine]
    var onlineShare: String
    var offlineShare: String
    var offlineCount: Int
    /// Waiting for their first send: signed (pending) or not signed yet (unsigned).
    var pending: Int
    var unsigned: Int
    /// Held without a signature: the company's certificate expired.
    var expired: Int
    /// Stored, not computed: the templates read properties by reflection.
    var hasExpired: Bool
    var sent: Int
    var rejected: Int
    var hasRejected: Bool { rejected > 0 }
    var chart: String
    /// From 30 days before the signing certificate expires, and once it has.
    var certificateWarning: CertificateWarning?
}
