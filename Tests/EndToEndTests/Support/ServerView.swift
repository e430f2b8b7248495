import CajaCore
@testable import CajaRegister
import CajaServer
import CajaServerTestSupport
import CajaTestSupport
import Foundation
import Logging

/// What the server holds, read through its API as an admin.
struct ServerView {
    let server: LiveServer

    func token() async throws -> String {
        let client = ServerClient(baseURL: server.url)
        return try await client.adminLogin()
    }

    func documents() async throws -> [DocumentSummary] {
        let token = try await token()
        var client = ServerClient(baseURL: server.url)
        client.token = token
        var all: [DocumentSummary] = []
        var cursor: String?
        repeat {
            let page = try await client.documents(after: cursor)
            all += page.items
            cursor = page.next
        } while cursor != nil
        return all
    }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ServerClient {
    func adminLogin() async throws -> String {
        let session: SessionResponse = try await send(.POST, "/v1/sessions", body: SessionRequest(user: "admin", password: "admin1234"))
        return session.token
    }

    func documents(after cursor: String?) async throws -> DocumentPage {
        try await send(.GET, "/v1/documents?limit=500" + (cursor.map { "&after=\($0)" } ?? ""), body: Optional<String>.none)
    }

    func detail(_ id: UUID) async throws -> DocumentDetail {
        try await send(.GET, "/v1/documents/\(id)", body: Optional<String>.none)
    }
}

extension TestRegister {
    /// Logs in as the demo cashier at `point` with `device`.
    @discardableResult
    func login(_ server: LiveServer, point: String = "001", device: String = "caja-1") async throws -> Register {
        let register = try open()
        try await register.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: point, device: device)
        return register
    }
}

