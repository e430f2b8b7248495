import CajaCore
import Foundation

/// `caja status`: online/offline, time left, pending documents, numbers left (O3), how long
/// they last offline (N2), and the journal (N1).
public struct RegisterStatus: Codable, Sendable {
    public var loggedIn: Bool
    public var user: String?
    public var pointOfSale: String?
    public var server: String?
    /// "online", "offline", or "offline-blocked" (window over or clock moved: O8).
    public var mode: String
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
        guard mode != "online" else {
            return "EN LÍNEA — documentos pendientes de envío: \(pending)"
        }
        let left = secondsLeft ?? 0
        let time = String(format: "%02d:%02d", left / 3600, (left % 3600) / 60)
        var text = "*** MODO OFFLINE *** tiempo restante \(time) — documentos pendientes: \(pending)"
        if mode == "offline-blocked" { text += "\nEMISIÓN BLOQUEADA: \(clockProblem ?? "conéctese y envíe los documentos")" }
        return text
    }
}

/// Numbers left for one offline document type and what they cover (N2).
public struct OfflineCoverage: Codable, Sendable, Equatable {
    public var type: String
    public var remaining: Int64
    /// The server's advice, when it sent one: documents of this type in the device's busiest
    /// 24 h, and the numbers it should hold.
    public var busiest24h: Int?
    public var target: Int?
    /// Hours of offline selling the numbers left cover at the busiest pace; nil without
    /// history ("sin historial").
    public var hoursCovered: Double?

    /// One line of `caja status`.
    public var text: String {
        let cover = hoursCovered == nil ? BlockSizing.coverageText(nil) : "cubren \(BlockSizing.coverageText(hoursCovered)) de venta offline"
        return "Números disponibles \(type): \(remaining) (\(cover))"
    }
}

/// Where the journal is and how much disk it takes (N1).
public struct JournalStatus: Codable, Sendable, Equatable {
    public var directory: String
    /// Bytes on disk, preallocated space included.
    public var bytes: Int64 = 0
    public var segments: Int = 0
    /// Why the journal could not be read, when it could not.
    public var problem: String?

    public var text: String {
        if let problem { return "Diario de respaldo: \(directory) — PROBLEMA: \(problem)" }
        let size = bytes < 1_048_576 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
        return "Diario de respaldo: \(directory) (\(size) en \(segments) segmento(s))"
    }
}
