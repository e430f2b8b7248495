import CajaCore
import Foundation

struct ZListView: Sendable {
    struct Row: Sendable {
        var id: String
        var number: Int64
        var point: String
        var day: String
        var documents: Int
        var net: String
        var contingency: Int
        var late: Int
        var hasLate: Bool { late > 0 }
        var createdBy: String
    }

    var rows: [Row]
    var empty: Bool
}
