import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

@Suite("Accounts: login, tokens, roles")
struct AccountTests {
    @Test("health answers without a token", arguments: Backend.allCases)
    func health(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let response = try await server.request(.get, "/health")
            #expect(response.status == .ok)
            #expect(response.text.contains("ok"))
        }
    }

    @Test("a cashier logs in at a point of sale with a device; wrong passwords and unknown users get 401", arguments: Backend.allCases)
    func login(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let ok = try await server.send(.post, "/v1/sessions", token: nil,
                                           TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "002", device: "caja-7"), at: server.clock.now))
            #expect(ok.status == .created)
            let session = try ok.decode(SessionResponse.self)
            #expect(session.role == .cashier)
            #expect(session.pointOfSale == "002")
            #expect(session.deviceID != nil)
            #expect(session.token.count >= 40)

            for (user, password) in [("cajero", "wrong"), ("nadie", "cajero1234"), ("", "")] {
                let bad = try await server.send(.post, "/v1/sessions", token: nil, SessionRequest(user: user, password: password, pointOfSale: "001", device: "x"))
                #expect(bad.status == .unauthorized)
                #expect(bad.error?.code == "INVALID_CREDENTIALS")
            }
            let noPoint = try await server.send(.post, "/v1/sessions", token: nil, SessionRequest(user: "cajero", password: "cajero1234"))
            #expect(noPoint.status == .unprocessableContent)
            #expect(noPoint.error?.field == "pointOfSale")
            let unknownPoint = try await server.send(.post, "/v1/sessions", token: nil,
                                                     TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "777", device: "x"), at: server.clock.now))
            #expect(unknownPoint.error?.code == "UNKNOWN_POINT_OF_SALE")
        }
    }

    /// Every route but health and login needs a valid token.
    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/catalog"), (.post, "/v1/blocks"), (.get, "/v1/blocks"), (.post, "/v1/blocks/return"),
        (.post, "/v1/documents"), (.get, "/v1/documents"), (.get, "/v1/documents/\(UUID())"),
        (.get, "/v1/documents/\(UUID())/xml"), (.post, "/v1/sync"), (.delete, "/v1/sessions"),
        (.post, "/v1/devices/\(UUID())/retire"),
    ]

    @Test("every /v1 route refuses a missing, unknown or expired token with 401", arguments: Backend.allCases)
    func tokensRequired(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            for (method, uri) in Self.protectedRoutes {
                for bad in [nil, "not-a-token", String(token.dropLast()) + "x"] as [String?] {
                    let response = try await server.request(method, uri, token: bad, json: Data("{}".utf8))
                    #expect(response.status == .unauthorized, "\(method) \(uri) with \(bad ?? "no token")")
                    #expect(response.error?.code == "UNAUTHORIZED")
                }
            }
            #expect(try await server.request(.get, "/v1/catalog", token: token).status == .ok)
            server.clock.advance(8 * 86_400)   // past the 7-day session lifetime
            #expect(try await server.request(.get, "/v1/catalog", token: token).status == .unauthorized)
        }
    }

    @Test("logout ends the token", arguments: Backend.allCases)
    func logout(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            #expect(try await server.request(.delete, "/v1/sessions", token: token).status == .noContent)
            #expect(try await server.request(.get, "/v1/catalog", token: token).status == .unauthorized)
        }
    }

    @Test("only an admin retires a device; a retired device can no longer log in", arguments: Backend.allCases)
    func roles(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.send(.post, "/v1/sessions", token: nil,
                                                TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-vieja"), at: server.clock.now))
            let session = try cashier.decode(SessionResponse.self)
            let device = try #require(session.deviceID)
            let forbidden = try await server.request(.post, "/v1/devices/\(device)/retire", token: session.token)
            #expect(forbidden.status == .forbidden)
            let admin = try await server.adminToken()
            #expect(try await server.request(.post, "/v1/devices/\(device)/retire", token: admin).status == .ok)
            #expect(try await server.request(.get, "/v1/catalog", token: session.token).status == .unauthorized)
            let again = try await server.send(.post, "/v1/sessions", token: nil,
                                              TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-vieja"), at: server.clock.now))
            #expect(again.status == .forbidden)
            #expect(again.error?.code == "DEVICE_RETIRED")
        }
    }
}
