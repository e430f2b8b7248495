import CajaRegister
import Foundation

extension TillAPI {
    struct StatusView: Encodable {
        var loggedIn: Bool
        var user: String?
        var company: String?
        var pointOfSale: String?
        var server: String?
        /// online, offline or offline-blocked (O8: the 24 h are over, or the clock moved).
        var mode: RegisterMode
        var offline: Bool
        var blocked: Bool
        var blockedReason: String?
        var offlineSince: String?
        var secondsLeft: Int?
        var timeLeft: String?
        var reason: String?
        var pending: Int
        var conflicts: Int
        var rejected: Int
        var problems: [ProblemView]
        var numbers: [NumbersView]
        /// ok, down or unknown: the last contact attempt with the server.
        var connection: String
        var lastContact: String?
        var sync: SyncView
        var printer: String?
        var drawer: Bool
        var banner: String
        var now: String
    }
}
