import CajaCore
import CajaRegister
import HTTPTypes

/// Why the till's API did not do what the page asked: an HTTP status, a stable code from
/// the one catalog (``ErrorCode``) and the Spanish message the cashier reads. The code's kind
/// gives the status, for the till's own errors and the register's alike: invalid input 422
/// (400 when the request itself cannot be read), a refusal or a clash 409, not there 404,
/// the server unreachable 503, anything else 500.
struct TillError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    /// The code's own sentence, or `message` when the screen says it more precisely.
    init(_ code: ErrorCode, _ message: String? = nil) {
        status = Self.status(for: code.kind)
        self.code = code.rawValue
        self.message = message ?? SpanishMessages.message(for: code)
    }

    init(_ error: RegisterError) {
        status = Self.status(for: error.kind)
        code = error.code
        message = error.message
    }

    /// A register error said again in the screen's words.
    init(_ error: RegisterError, _ message: String) {
        self.init(error)
        self.message = message
    }

    static func status(for kind: ErrorKind) -> HTTPResponse.Status {
        switch kind {
        case .malformed: .badRequest
        case .invalid: .unprocessableContent
        case .refused, .unauthenticated, .throttled, .conflict: .conflict
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unavailable: .serviceUnavailable
        case .failure: .internalServerError
        }
    }

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
