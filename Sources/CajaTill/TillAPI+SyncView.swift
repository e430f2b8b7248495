import Foundation

extension TillAPI {
    struct SyncView: Encodable {
        var running: Bool
        var at: String?
        var sent: Int
        var conflicts: Int
        var rejected: Int
        var error: String?
    }
}
