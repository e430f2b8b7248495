import CajaCore
import Foundation

struct SessionsView: Sendable {
    var sessions: [SessionRow]
    var empty: Bool
}
