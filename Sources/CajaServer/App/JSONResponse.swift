import CajaCore
import Foundation
import Hummingbird

/// JSON responses with the same encoder as the strict decoder (ISO 8601 dates, sorted keys).
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    var status: HTTPResponse.Status = .ok
    var value: Value
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        // The strict decoder's settings (`StrictJSON.encoder` is `WireJSON.encoder`); a document's
        // answer written by hand, the same bytes (issue 16: `FiscalDocument+WireJSON`).
        let data = try WireJSON.encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
