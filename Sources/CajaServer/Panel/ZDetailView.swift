import CajaCore
import Foundation

struct ZDetailView: Sendable {
    struct Line: Sendable {
        var label: String
        var count: String
        var amount: String
        var extra: String
    }

    var number: Int64
    var point: String
    var day: String
    var createdAt: String
    var createdBy: String
    var byType: [Line]
    var byRate: [Line]
    var byPayment: [Line]
    var change: String
    var net: String
    var contingency: [DocumentRow]
    var late: [DocumentRow]
}
