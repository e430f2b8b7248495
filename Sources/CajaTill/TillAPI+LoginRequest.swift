import Foundation

extension TillAPI {
    struct LoginRequest: Decodable {
        var server: String
        var user: String
        var password: String
        var pos: String
        var device: String?
    }
}
