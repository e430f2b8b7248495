import CajaCore
import Foundation

/// Why a register command did not do what was asked: a stable machine code, the Spanish
/// message the cashier reads, and the exit code of the `caja` contract
/// (2 invalid input · 3 refused by a rule · 4 server unreachable · 1 anything else).
public struct RegisterError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Exit 2: the input itself is wrong (unknown product, bad amount, bad reason length).
        case invalidInput
        /// Exit 3: a rule refuses it (offline restriction, window expired, unsent documents).
        case refused
        /// Exit 4: the server must be reached and cannot be.
        case unreachable
        /// Exit 1: anything else (a server error we cannot classify, a damaged store).
        case failure
    }

    public var kind: Kind
    public var code: String
    /// For the cashier, in Spanish.
    public var message: String
    /// How long the server asked to wait before trying again (`Retry-After` of a 503).
    public var retryAfter: Duration?
    /// For a server that cannot be reached: what went wrong (address, status), without the
    /// advice, so the register can word the advice for the state it is in.
    var detail: String?

    public init(_ kind: Kind, code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var exitCode: Int32 {
        switch kind {
        case .invalidInput: 2
        case .refused: 3
        case .unreachable: 4
        case .failure: 1
        }
    }

    public var description: String { "\(code): \(message)" }

    /// A domain rule of CajaCore: offline restrictions and the clock are refusals (3); the
    /// rest is invalid input (2).
    public init(_ error: CajaError) {
        let refusal = error.code.rawValue.hasPrefix("OFFLINE_") || error.code == .contingencyForTaxpayer
        var message = error.spanishMessage
        if let field = error.field, !refusal { message += " (campo: \(field))" }
        self.init(refusal ? .refused : .invalidInput, code: error.code.rawValue, message)
    }

    static func invalid(_ code: String, _ message: String) -> RegisterError { RegisterError(.invalidInput, code: code, message) }
    static func refused(_ code: String, _ message: String) -> RegisterError { RegisterError(.refused, code: code, message) }

    static let notLoggedIn = refused("NOT_LOGGED_IN",
        "Esta caja no ha iniciado sesión. Use: caja login --server URL --user USUARIO --password CLAVE --pos 001")
    static func unsent(_ count: Int, action: String) -> RegisterError {
        refused("UNSENT_DOCUMENTS",
                "No se puede \(action): hay \(count) documento(s) sin enviar al servidor. Conéctese y ejecute: caja sync")
    }
    /// No answer from the server (exit 4), worded for a register that is online.
    static func unreachable(_ detail: String) -> RegisterError {
        var error = RegisterError(.unreachable, code: "SERVER_UNREACHABLE", "No hay conexión con el servidor (\(detail)). " + goOffline)
        error.detail = detail
        return error
    }

    /// The server answered 5xx: it is there but cannot serve now. Treated as unreachable
    /// (retried with backoff, exit 4, documents stay pending).
    static func unavailable(status: UInt, retryAfter: Duration?) -> RegisterError {
        let detail = "el servidor respondió HTTP \(status)"
        var error = RegisterError(.unreachable, code: "SERVER_UNAVAILABLE",
                                  "El servidor no está disponible en este momento (\(detail)). " + goOffline)
        error.detail = detail
        error.retryAfter = retryAfter
        return error
    }

    private static let goOffline = "Si debe seguir vendiendo, active el modo offline: caja offline on --reason MOTIVO --accept-terms"

    /// The same failure to reach the server, worded for a register already in modo offline:
    /// nothing to activate; its documents stay pending and go out when the connection returns.
    func forOfflineRegister(pending: Int) -> RegisterError {
        guard kind == .unreachable, let detail else { return self }
        var error = self
        error.message = """
            No hay conexión con el servidor (\(detail)). La caja sigue en modo offline: \
            \(pending) documento(s) quedan pendientes, guardados en esta caja, y se enviarán cuando vuelva \
            la conexión (caja sync o caja offline off).
            """
        return error
    }
}
