import Foundation

extension TillAPI {
    struct PrintView: Encodable {
        var printed: Bool
        var printError: String?
        var receipt: String
    }
}
