import CajaCore
import Foundation

struct LoginView: Sendable {
    var csrf: String
    var error: String?
    var user: String
}
