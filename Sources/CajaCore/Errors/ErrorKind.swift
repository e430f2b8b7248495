/// What kind of failure an ``ErrorCode`` is. One mapping per edge turns it into what the
/// caller sees: the server's HTTP status (`CajaError+HTTP.swift`), the register's exit code
/// (`RegisterError`). Nothing else decides by the code's spelling.
public enum ErrorKind: Sendable, Equatable {
    /// The request cannot be read as sent (HTTP 400).
    case malformed
    /// The input is well formed but not a valid value or document (HTTP 422, exit 2).
    case invalid
    /// A rule refuses it: the offline rules, an unsent document (HTTP 422, exit 3).
    case refused
    /// No valid identity: credentials, token, device proof (HTTP 401).
    case unauthenticated
    /// The caller is known but may not do this (HTTP 403).
    case forbidden
    /// Not there, or not the caller's company's (HTTP 404).
    case notFound
    /// It clashes with what is stored (HTTP 409).
    case conflict
    /// Too large to take (HTTP 413).
    case tooLarge
    /// Not sent as JSON (HTTP 415).
    case unsupportedMediaType
    /// Too many attempts: wait and retry (HTTP 429).
    case throttled
    /// The other side cannot serve now: retry (HTTP 503, exit 4).
    case unavailable
    /// Something broke that the caller cannot fix (HTTP 500, exit 1).
    case failure
}
