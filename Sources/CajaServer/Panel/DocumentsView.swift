import CajaCore
import Foundation

struct DocumentsView: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    var from: String
    var to: String
    var points: [Option]
    var types: [Option]
    var statuses: [Option]
    var emissions: [Option]
    var rows: [DocumentRow]
    var empty: Bool
    var nextURL: String?
    var csvURL: String
    var error: String?
}
