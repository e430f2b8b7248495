import CajaCore
import Foundation

struct MessageView: Sendable {
    var heading: String
    var message: String
}
