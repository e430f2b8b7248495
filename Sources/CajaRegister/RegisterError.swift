import CajaCore
import Foundation

/// Why a register command did not do what was asked: a stable ``ErrorCode``, the Spanish
/// message the cashier reads (the catalog's sentence, ``SpanishMessages``, with this
/// failure's specifics), and the exit code of the `caja` contract, which follows from the
/// code's ``ErrorKind`` (see ``exitCode``).
public struct RegisterError: Error, Sendable, CustomStringConvertible {
    public var errorCode: ErrorCode
    /// The code a server answered when this register does not know it (a newer server's, or
    /// `HTTP_<status>` for an answer without one): `--json` shows what the server said, while
    /// ``errorCode`` is the closest one the register knows.
    var answeredCode: String?
    /// For the cashier, in Spanish.
    public var message: String
    /// How long the server asked to wait before trying again (`Retry-After` of a 503).
    public var retryAfter: Duration?
    /// What went wrong in particular (a path, an address, a status), shown in parentheses
    /// inside the catalog's sentence; kept apart so the message can be worded again for the
    /// state the register is in (``forOfflineRegister(pending:)``).
    var detail: String?

    /// `code`'s sentence from the catalog, with `detail` in parentheses before its final
    /// period and `specifics` (what happened in full, what to do) after it.
    public init(_ code: ErrorCode, detail: String? = nil, _ specifics: String? = nil) {
        errorCode = code
        self.detail = detail
        message = Self.message(code, detail: detail, specifics)
    }

    /// The code as text, as `--json` prints it and scripts match it.
    public var code: String { answeredCode ?? errorCode.rawValue }

    public var kind: ErrorKind { errorCode.kind }

    /// The one mapping from a failure's kind to the `caja` exit code: 2 invalid input,
    /// 3 refused by a rule, 4 server unreachable, 1 anything else.
    public var exitCode: Int32 {
        switch kind {
        // A server's refusal of what was sent (its role, its id, its size) is invalid input, as
        // the register has always answered it; a rule, a login that is not accepted or a
        // throttled one is a refusal.
        case .invalid, .malformed, .forbidden, .notFound, .conflict, .tooLarge, .unsupportedMediaType: 2
        case .refused, .unauthenticated, .throttled: 3
        case .unavailable: 4
        case .failure: 1
        }
    }

    public var description: String { "\(code): \(message)" }

    /// A domain rule of CajaCore, its kind deciding the exit code (offline restrictions and
    /// the clock are refusals). The field is named unless the rule refuses the whole sale.
    public init(_ error: CajaError) {
        let field = error.kind == .refused ? nil : error.field
        self.init(error.code, detail: field.map { "campo: \($0)" })
    }

    static func message(_ code: ErrorCode, detail: String?, _ specifics: String?) -> String {
        var sentence = SpanishMessages.message(for: code)
        if let detail {
            if sentence.hasSuffix(".") { sentence.removeLast() }
            sentence += " (\(detail))."
        }
        guard let specifics else { return sentence }
        return sentence + " " + specifics
    }

    /// No login on this register (exit 3), with how to log in.
    public static let notLoggedIn = RegisterError(.notLoggedIn, "Use: caja login --server URL --user USUARIO --password CLAVE --pos 001")

    static func unsent(_ count: Int, action: String) -> RegisterError {
        RegisterError(.unsentDocuments, "No se puede \(action): \(count) documento(s) pendientes.")
    }

    /// No answer from the server (exit 4), worded for a register that is online.
    static func unreachable(_ detail: String) -> RegisterError {
        RegisterError(.serverUnreachable, detail: detail, goOffline)
    }

    /// The server answered 5xx: it is there but cannot serve now. Treated as unreachable
    /// (retried with backoff, exit 4, documents stay pending).
    static func unavailable(status: UInt, retryAfter: Duration?) -> RegisterError {
        var error = RegisterError(.serverUnavailable, detail: "el servidor respondió HTTP \(status)", goOffline)
        error.retryAfter = retryAfter
        return error
    }

    private static let goOffline = "Si debe seguir vendiendo, active el modo offline: caja offline on --reason MOTIVO --accept-terms"

    /// The same failure to reach the server, worded for a register already in modo offline:
    /// nothing to activate; its documents stay pending and go out when the connection returns.
    func forOfflineRegister(pending: Int) -> RegisterError {
        guard errorCode == .serverUnreachable || errorCode == .serverUnavailable else { return self }
        var error = self
        error.message = Self.message(errorCode, detail: detail, """
            La caja sigue en modo offline: \(pending) documento(s) quedan pendientes, guardados en esta caja, \
            y se enviarán cuando vuelva la conexión (caja sync o caja offline off).
            """)
        return error
    }
}
