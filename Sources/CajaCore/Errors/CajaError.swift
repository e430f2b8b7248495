/// An error of the domain: a stable ``ErrorCode``, the field it concerns, an English detail
/// for developers and logs, and a Spanish message for the cashier (``spanishMessage``).
public struct CajaError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    /// Path of the offending input field, e.g. `lines[2].quantity`; nil when it concerns the whole.
    public var field: String?
    /// English, for developers and logs. Never contains secrets.
    public var detail: String

    public init(_ code: ErrorCode, field: String? = nil, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    /// The message shown to the cashier, from the one Spanish catalog.
    public var spanishMessage: String { SpanishMessages.message(for: code) }

    public var description: String {
        if let field { return "\(code.rawValue) [\(field)]: \(detail)" }
        return "\(code.rawValue): \(detail)"
    }
}
