import Foundation

extension TillAPI {
    struct ProblemView: Encodable {
        var type: String
        var number: Int64
        var status: String
        var code: String?
        var message: String?
    }
}
