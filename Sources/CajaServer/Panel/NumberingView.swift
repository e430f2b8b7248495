import CajaCore
import Foundation

struct NumberingView: Sendable {
    struct SequenceRow: Sendable {
        var point: String
        var type: String
        var lastNumber: String
    }

    struct BlockRow: Sendable {
        var device: String
        var point: String
        var type: String
        var range: String
        var used: Int
        var size: Int64
        var percent: Int
        /// Hours of offline selling the device's unused numbers of this type cover at its
        /// busiest pace (N2), or why that is not known.
        var covers: String
    }

    struct VoidedRow: Sendable {
        var point: String
        var type: String
        var range: String
        var reason: String
        var createdAt: String
    }

    struct ConflictRow: Sendable {
        var kind: String
        var code: String
        var message: String
        var where_: String
        var device: String
        var receivedAt: String
        var incoming: String
        var existing: String?
    }

    var sequences: [SequenceRow]
    var blocks: [BlockRow]
    var voided: [VoidedRow]
    var conflicts: [ConflictRow]
}
