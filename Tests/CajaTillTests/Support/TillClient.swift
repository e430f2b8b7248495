import CajaServerTestSupport
import CajaTestSupport
import CajaTill
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// The page's side of the till's API.
struct TillClient: Sendable {
    let client: any TestClientProtocol
    let service: TillService

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil,
              contentType: String = "application/json") async throws -> Answer {
        var headers: HTTPFields = [:]
        if json != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: headers,
                                                body: json.map { ByteBuffer(string: $0) })
        return Answer(status: Int(response.status.code), body: Data(response.body.readableBytesView))
    }

    func login(_ server: LiveServer) async throws -> Answer {
        try await call(.post, "/api/login", #"{"server":"\#(server.url)","user":"cajero","password":"cajero1234","pos":"001"}"#)
    }

    func add(_ code: String) async throws -> Answer { try await call(.post, "/api/cart/items", #"{"code":"\#(code)"}"#) }

    func status() async throws -> Answer { try await call(.get, "/api/status") }

    func activate(accept: Bool = true) async throws -> Answer {
        try await call(.post, "/api/offline/on", #"{"reason":"Sin internet: el proveedor no responde","accept":\#(accept)}"#)
    }
}
