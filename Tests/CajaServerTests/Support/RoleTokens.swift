import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

/// The callers of every role × route × company test (issue 14): the demo's cashier and
/// supervisor, and the admin of a second company registered for the test (`otra-admin`).
struct RoleTokens {
    let cashier: String
    let supervisor: String
    /// The other company's admin.
    let other: String

    static func make(_ server: TestServer) async throws -> RoleTokens {
        _ = try await server.app.register(SetupTests.registration(user: "otra-admin"))
        return RoleTokens(cashier: try await server.login(),
                          supervisor: try await server.login("supervisor", "supervisor1234", point: nil, device: nil),
                          other: try await server.login("otra-admin", "una-clave-larga", point: nil, device: nil))
    }

    /// Each read is 403 for the cashier, 200 for the supervisor and 401 without a token.
    func expectReadOnly(_ paths: [String], on server: TestServer) async throws {
        for path in paths {
            #expect(try await server.request(.get, path, token: cashier).status == .forbidden, "cashier \(path)")
            #expect(try await server.request(.get, path, token: supervisor).status == .ok, "supervisor \(path)")
            #expect(try await server.request(.get, path).status == .unauthorized, "no token \(path)")
        }
    }
}
