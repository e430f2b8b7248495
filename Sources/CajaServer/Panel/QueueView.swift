import CajaCore
import Foundation

struct QueueView: Sendable {
    struct Row: Sendable {
        var documentID: String
        var document: String
        var state: String
        var stateClass: String
        var attempts: Int
        var detail: String
        var nextAttempt: String
        var retryable: Bool
    }

    var counts: [DocumentsView.Option]
    var rows: [Row]
    var empty: Bool
    var notice: String?
}
