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
    var pending: Int
    var sent: Int
    var rejected: Int
    var hasRejected: Bool { rejected > 0 }
    var chart: String
    /// From 30 days before the signing certificate expires, and once it has.
    var certificateWarning: CertificateWarning?
}
