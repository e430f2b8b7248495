import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A response as the tests read it.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var body: Data
    var headers: HTTPFields = [:]

    var text: String { String(decoding: body, as: UTF8.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try StrictJSON.decoder.decode(T.self, from: body) } catch {
            throw TestSetupError("cannot decode \(T.self) from \(status.code): \(text)")
        }
    }

    var error: APIErrorBody.Detail? { (try? StrictJSON.decoder.decode(APIErrorBody.self, from: body))?.error }
}

extension TestServer {
    func request(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: Data? = nil,
                 headers extra: HTTPFields = [:]) async throws -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(bytes: $0) }) { response in
            APIResponse(status: response.status, body: Data(buffer: response.body), headers: response.headers)
        }
    }

    func send<T: Encodable>(_ method: HTTPRequest.Method, _ uri: String, token: String?, _ value: T) async throws -> APIResponse {
        try await request(method, uri, token: token, json: try StrictJSON.encoder.encode(value))
    }

    /// Logs in and returns the token; fails the test when the login fails. A device login is
    /// signed with that device name's key (``TestDevices``), as a register signs its own.
    func login(_ user: String = "cajero", _ password: String = "cajero1234", point: String? = "001",
               device: String? = "caja-test-1") async throws -> String {
        let response = try await send(.post, "/v1/sessions", token: nil,
                                      TestDevices.sign(SessionRequest(user: user, password: password, pointOfSale: point, device: device),
                                                       at: clock.now))
        #expect(response.status == .created, "login \(user): \(response.text)")
        return try response.decode(SessionResponse.self).token
    }

    func adminToken() async throws -> String { try await login("admin", "admin1234", point: nil, device: nil) }

    func issue(_ draft: DocumentDraft, token: String) async throws -> APIResponse {
        try await send(.post, "/v1/documents", token: token, draft)
    }

    func reserveBlock(_ type: DocumentType = .invoice, size: Int = 20, token: String) async throws -> SignedNumberBlock {
        let response = try await send(.post, "/v1/blocks", token: token, BlockRequest(type: type, size: size))
        #expect(response.status == .created, "block: \(response.text)")
        return try response.decode(SignedNumberBlock.self)
    }

    func catalog(token: String) async throws -> CatalogResponse {
        try await request(.get, "/v1/catalog", token: token).decode(CatalogResponse.self)
    }
}

/// Drafts the tests sell.
enum Sales {
    static func cash(_ id: UUID = UUID(), type: DocumentType = .invoice, price: String = "4.25", quantity: String = "2") -> DocumentDraft {
        DocumentDraft(id: id, type: type, lines: [
            LineItem(code: "7501", description: "Arroz 5 lb", quantity: Quantity(quantity)!, unitPrice: Money(price)!, rate: .general),
        ], payments: [.cash(Money("50.00")!)])
    }
}

/// One device key per device name for the whole test run, so a name always stands for the
/// same register (tests that need a second register under a name pass their own key).
enum TestDevices {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var keys: [String: DeviceKey] = [:]   // only touched while `lock` is held

    static func key(for name: String) -> DeviceKey {
        lock.withLock {
            if let key = keys[name] { return key }
            let key = DeviceKey()
            keys[name] = key
            return key
        }
    }

    /// `request` with its device proof, when it names a device.
    static func sign(_ request: SessionRequest, with key: DeviceKey? = nil, at now: Date = Date()) -> SessionRequest {
        guard let device = request.device else { return request }
        // Signing with a fresh in-memory key cannot fail.
        return (try? request.signed(with: key ?? Self.key(for: device), at: now)) ?? request
    }
}
