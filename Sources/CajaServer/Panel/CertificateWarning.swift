import Foundation

/// The panel's warning about the certificate a company signs with (issue 14): from 30 days
/// before it expires, and once it has expired.
struct CertificateWarning: Sendable {
    static let notice: TimeInterval = 30 * 86_400

    var message: String
    var expired: Bool

    /// The warning at `now`, or nil while more than 30 days remain.
    init?(notValidAfter: Date, now: Date) {
        let day = PanelFormat.day(notValidAfter)
        if now >= notValidAfter {
            message = "El certificado de firma venció el \(day): la DGI no acepta documentos firmados con él. Suba uno nuevo en Configuración › Certificado."
            expired = true
        } else if notValidAfter.timeIntervalSince(now) <= Self.notice {
            message = "El certificado vence el \(day). Suba el nuevo antes en Configuración › Certificado."
            expired = false
        } else {
            return nil
        }
    }
}
