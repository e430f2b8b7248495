import CajaRegister
import HTTPTypes

/// Why the till's API did not do what the page asked: an HTTP status, a stable code and the
/// Spanish message the cashier reads. Register errors keep their code and message; their
/// kind gives the status (invalid input 422, a rule's refusal 409, the server unreachable
/// 503, anything else 500).
struct TillError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(_ error: RegisterError) {
        let status: HTTPResponse.Status = switch error.kind {
        case .invalidInput: .unprocessableContent
        case .refused: .conflict
        case .unreachable: .serviceUnavailable
        case .failure: .internalServerError
        }
        self.init(status, error.code, error.message)
    }

    static func badRequest(_ code: String, _ message: String) -> TillError { TillError(.badRequest, code, message) }
    static func invalid(_ code: String, _ message: String) -> TillError { TillError(.unprocessableContent, code, message) }

    /// The register's words are the command line's (`caja offline on --reason …`); on the
    /// screen a server that cannot be reached is said with the screen's buttons.
    func forScreen(offline: Bool) -> TillError {
        guard status == .serviceUnavailable else { return self }
        var error = self
        error.message = offline
            ? "No hay conexión con el servidor. La caja sigue en modo offline; los documentos quedan guardados y se enviarán solos cuando vuelva la conexión."
            : "No hay conexión con el servidor. La venta sigue en pantalla: reintente, o pulse «Activar modo offline» para seguir vendiendo sin conexión."
        return error
    }
}
