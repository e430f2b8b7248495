/// An error of the domain: a stable ``ErrorCode``, the field it concerns, an English detail
/// for developers and logs, and a Spanish message for the cashier (``spanishMessage``).
public struct CajaError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    /// Path of the offending input field, e.g. `lines[2].quantity`; nil when it concerns the whole.
    public var field: String?
    /// English, for developers and logs. Never contains secrets.
    public var detail: String
    /// Seconds the caller should wait before trying again (a throttled login, a stopping server).
    public var retryAfter: Int?

    public init(_ code: ErrorCode, field: String? = nil, _ detail: String, retryAfter: Int? = nil) {
        self.code = code
        self.field = field
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// What kind of failure this is (which HTTP status, which exit code).
    public var kind: ErrorKind { code.kind }

    /// The request as sent cannot be read (400 `INVALID_REQUEST`).
    public static func invalidRequest(_ detail: String, field: String? = nil) -> CajaError {
        CajaError(.invalidRequest, field: field, detail)
    }

    /// `what` does not exist, or not in the caller's company (404 `NOT_FOUND`).
    public static func notFound(_ what: String) -> CajaError { CajaError(.notFound, "\(what) not found") }

    /// The message shown to the cashier, from the one Spanish catalog.
    public var spanishMessage: String { SpanishMessages.message(for: code) }

    public var description: String {
        if let field { return "\(code.rawValue) [\(field)]: \(detail)" }
        return "\(code.rawValue): \(detail)"
    }
}
