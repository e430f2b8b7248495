import CajaCore
import Foundation
import Hummingbird

/// The one mapping from the domain's errors to HTTP, for the API and the panel alike:
/// services throw ``CajaError``; its ``ErrorKind`` decides the status here, and the body is the
/// contract's `{"error": {"code", "message", "field"}}` (the message is the English detail;
/// clients show the Spanish one from the catalog by code).
extension CajaError: HTTPResponseError {
    public var status: HTTPResponse.Status { Self.status(for: kind) }

    public static func status(for kind: ErrorKind) -> HTTPResponse.Status {
        switch kind {
        case .malformed: .badRequest
        case .invalid, .refused: .unprocessableContent
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .throttled: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .failure: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try WireJSON.encoder.encode(APIErrorBody(code: code.rawValue, message: detail, field: field))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthorized = CajaError(.unauthorized, "a valid bearer token is required")
    static let forbidden = CajaError(.forbidden, "your role may not do this")
    /// The server is stopping (a restart): try again shortly.
    static let stopping = CajaError(.serverStopping, "the server is stopping; retry shortly", retryAfter: RequestGate.retryAfterSeconds)
}
