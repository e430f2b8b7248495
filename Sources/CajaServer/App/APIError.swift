import CajaCore
import Foundation
import Hummingbird

/// An error answered to an API client: a 4xx status and the JSON body of the contract,
/// `{"error": {"code", "message", "field"}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    /// `Retry-After` in seconds (a 503 or 429 the client should retry).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    /// A domain rule refused the input: 422 with the rule's code and the field it names.
    public init(_ error: CajaError) {
        self.init(.unprocessableContent, code: error.code.rawValue, message: error.detail, field: error.field)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = APIErrorBody(code: code, message: message, field: field)
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthorized = APIError(.unauthorized, code: "UNAUTHORIZED", message: "a valid bearer token is required")
    static let forbidden = APIError(.forbidden, code: "FORBIDDEN", message: "your role may not do this")
    /// The server is stopping (a restart): try again shortly.
    static let stopping = APIError(.serviceUnavailable, code: "SERVER_STOPPING", message: "the server is stopping; retry shortly",
                                   retryAfter: RequestGate.retryAfterSeconds)
    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "NOT_FOUND", message: "\(what) not found") }
    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "INVALID_REQUEST", message: message, field: field)
    }
}
