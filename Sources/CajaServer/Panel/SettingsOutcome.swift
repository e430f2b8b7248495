import CajaCore
import HTTPTypes

/// What a *Configuración* form left to show: a notice after a change, or the refusal with what
/// was typed (never a password) and the status the page is answered with.
struct SettingsOutcome: Sendable {
    var notice: String?
    var error: CajaError?
    var typed: [String: String] = [:]
    var status: HTTPResponse.Status = .ok

    /// The refusal as the page shows it: the catalog's sentence and the field it is about.
    var message: String? { error.map { $0.spanishMessage + ($0.field.map { " (campo: \($0))" } ?? "") } }

    /// What the user typed in `field`, or `otherwise` when the page is shown fresh.
    func typed(_ field: String, or otherwise: String = "") -> String { typed[field] ?? otherwise }
}
