import CajaCore
import Foundation
import Hummingbird

/// A refused import as the API answers it: 422, the contract's error and the rows' problems.
extension ProductImportRefusal: HTTPResponseError {
    var status: HTTPResponse.Status { error.status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ProductImportRefusedBody(error: .init(code: error.code.rawValue, message: error.detail), rows: problems)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try WireJSON.encoder.encode(body))))
    }
}
