import Foundation

extension TillAPI {
    struct TermsView: Encodable {
        var text: String
        var version: String
        var reasons: [String]
    }
}
