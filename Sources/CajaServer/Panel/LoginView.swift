import CajaCore
import Foundation

struct LoginView: Sendable {
    var csrf: String
    var error: String?
    var notice: String?
    var user: String
}
