import AsyncHTTPClient
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// The HTTP client of the server tests: real connections to the live test server, as many
/// at once as the test sends, each request with a deadline a loaded machine meets.
/// HummingbirdTesting's live client queues every request on one connection with a fixed
/// 20 s timeout, so 26 concurrent issuances on a busy machine timed out (issue 11, item 6).
struct PatientClient: Sendable {
    let port: Int?

    /// One client for the whole test run (never shut down: it lives as long as the process).
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(60), read: .seconds(120))
        configuration.redirectConfiguration = .disallow   // tests read the 303s themselves
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    struct Response: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
    }

    func execute<T>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                    _ handle: (Response) throws -> T) async throws -> T {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port ?? 0)\(uri)")
        request.method = .init(rawValue: method.rawValue)
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body { request.body = .bytes(body) }
        let response = try await Self.http.execute(request, timeout: .seconds(180))
        let bytes = try await response.body.collect(upTo: 256 << 20)
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return try handle(Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: fields, body: bytes))
    }
}
