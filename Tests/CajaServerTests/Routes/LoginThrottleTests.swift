import AsyncHTTPClient
import CajaCore
@testable import CajaServer
import DGISimulator
import Foundation
import Hummingbird
import Testing

/// Issue 13, item 3: logins cannot be guessed at speed, and an unknown user takes as long as
/// a wrong password.
@Suite("Login: throttled per user and address, in the database; no timing tells users apart")
struct LoginThrottleTests {
    static func attempt(_ server: TestServer, user: String = "cajero", password: String) async throws -> APIResponse {
        try await server.send(.post, "/v1/sessions", token: nil,
                              TestDevices.sign(SessionRequest(user: user, password: password, pointOfSale: "001", device: "caja-guess"), at: server.clock.now))
    }

    @Test("two servers on one PostgreSQL share the count: after 5 free failures the right password waits (429, Retry-After)")
    func sharedThrottle() async throws {
        try await SharedDatabase.twoServers { first, second in
            for round in 0..<6 {
                let server = round.isMultiple(of: 2) ? first : second
                #expect(try await Self.attempt(server, password: "clave-\(round)").status == .unauthorized)
            }
            for server in [first, second] {
                let throttled = try await Self.attempt(server, password: "cajero1234")
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.error?.code == "LOGIN_THROTTLED")
                #expect(Int(throttled.headers[.retryAfter] ?? "") == 1, "\(throttled.headers)")
            }
            // Each further failure doubles the wait; the wait over, the right password logs in.
            first.clock.advance(2)
            #expect(try await Self.attempt(second, password: "otra").status == .unauthorized)
            #expect(Int(try await Self.attempt(first, password: "cajero1234").headers[.retryAfter] ?? "") == 2)
            first.clock.advance(3)
            #expect(try await Self.attempt(first, password: "cajero1234").status == .created)
            // A success clears the user's count: the next mistake is a plain 401.
            #expect(try await Self.attempt(second, password: "otra").status == .unauthorized)
            #expect(try await Self.attempt(second, password: "cajero1234").status == .created)
        }
    }

    @Test("40 parallel guessers do not get through: the right password is then refused with 429", arguments: Backend.allCases)
    func parallelGuessers(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            // 40 connections at once (the test client has one, which would queue them), each
            // with the patience a busy machine needs.
            let port = try #require(server.client.port)
            var settings = HTTPClient.Configuration()
            settings.timeout = .init(connect: .seconds(60), read: .seconds(120))
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
            let now = server.clock.now
            // The client is shut down whatever happens (AsyncHTTPClient traps on a client
            // dropped unclosed, which took a whole run down once).
            let outcome: Result<[UInt], any Error>
            do { outcome = .success(try await withThrowingTaskGroup(of: UInt.self) { group in
                for guess in 0..<40 {
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/sessions")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        let login = TestDevices.sign(SessionRequest(user: "cajero", password: "adivina-\(guess)", pointOfSale: "001",
                                                                    device: "caja-guess"), at: now)
                        request.body = .bytes(try StrictJSON.encoder.encode(login))
                        return try await http.execute(request, timeout: .seconds(120)).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }) } catch { outcome = .failure(error) }
            try await http.shutdown()
            let statuses = try outcome.get().map { HTTPResponse.Status(code: Int($0)) }
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
            // Each attempt is counted before its password is checked: the 5 free ones and the
            // one that earns the block are checked, the other 34 wait.
            #expect(statuses.filter { $0 == .unauthorized }.count <= 6, "\(statuses.filter { $0 == .unauthorized }.count) checked")
            let right = try await Self.attempt(server, password: "cajero1234")
            #expect(right.status == .tooManyRequests)
            // The longest wait is a quarter of an hour; after it the password works.
            server.clock.advance(15 * 60 + 1)
            #expect(try await Self.attempt(server, password: "cajero1234").status == .created)
        }
    }

    @Test("guessing across many user names from one address blocks that address too")
    func perAddress() async throws {
        try await TestServer.run(.sqlite) { server in
            for name in 0..<21 {
                let status = try await Self.attempt(server, user: "usuario-\(name)", password: "x").status
                #expect(status == .unauthorized)
            }
            // A real user with the right password, from the same address, now waits.
            let blocked = try await server.send(.post, "/v1/sessions", token: nil, SessionRequest(user: "admin", password: "admin1234"))
            #expect(blocked.status == .tooManyRequests)
        }
    }

    @Test("the decoy hash checked for an unknown user has the cost of real passwords", arguments: [UInt8(4), 6])
    func decoyCost(_ cost: UInt8) async throws {
        try await TestServer.run(.sqlite, configure: { $0.bcryptCost = cost }) { server in
            let real = try await server.app.database.read { db in
                try await db.raw("SELECT password_hash FROM users WHERE username = 'cajero'").first(decodingColumn: "password_hash", as: String.self)
            }
            let prefix = { (hash: String) in hash.split(separator: "$").prefix(2).joined(separator: "$") }
            #expect(prefix(try #require(real)) == prefix(server.app.accounts.decoyHash))
            #expect(prefix(server.app.accounts.decoyHash).hasSuffix(String(format: "%02d", cost)))
            // And an unknown user is refused like a wrong password.
            let unknown = try await Self.attempt(server, user: "nadie", password: "x")
            #expect(unknown.status == .unauthorized && unknown.error?.code == "INVALID_CREDENTIALS")
        }
    }
}
