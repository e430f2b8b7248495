import CajaCore
import Foundation

/// `caja status`: online/offline, time left, pending documents, numbers left (O3), how long
/// they last offline (N2), and the journal (N1).
public struct RegisterStatus: Codable, Sendable {
    public var loggedIn: Bool
    public var user: String?
    public var pointOfSale: String?
    public var server: String?
    public var mode: RegisterMode
    public var offlineSince: Date?
    public var secondsLeft: Int?
    public var reason: String?
    public var pending: Int
    public var conflicts: Int
    public var rejected: Int
    public var blocks: [BlockBalance]
    public var clockProblem: String?
    /// Per offline type (01, 06): numbers left and the hours of offline selling they cover.
    public var coverage: [OfflineCoverage]
    public var journal: JournalStatus

    /// The banner the register shows (O3).
    public var banner: String {
        guard mode != .online else {
            return "EN LÍNEA — documentos pendientes de envío: \(pending)"
        }
        let left = secondsLeft ?? 0
        let time = String(format: "%02d:%02d", left / 3600, (left % 3600) / 60)
        var text = "*** MODO OFFLINE *** tiempo restante \(time) — documentos pendientes: \(pending)"
        if mode == .offlineBlocked { text += "\nEMISIÓN BLOQUEADA: \(clockProblem ?? "conéctese y envíe los documentos")" }
        return text
    }
}
