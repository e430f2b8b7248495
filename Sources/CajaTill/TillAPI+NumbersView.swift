import Foundation

extension TillAPI {
    struct NumbersView: Encodable {
        var type: String
        var remaining: Int64
        var hours: String
    }
}
