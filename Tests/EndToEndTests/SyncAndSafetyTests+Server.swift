import CajaServerTestSupport
import CajaCore
@testable import CajaRegister
import CajaTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A real HTTP server on loopback that answers every request with `status` (and
/// `Retry-After: retryAfter` when given), counting the requests: a caja-server that is up
/// but failing, or a proxy in front of one.
struct FailingServer {
    let status: Int
    let retryAfter: Int?
    let requests = Requests()

    final class Requests: Sendable {
        let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = #"{"error":{"code":"INTERNAL","message":"failing on purpose"}}"#
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Runs `body` with the failing server's base URL.
    func with(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("**", method: method) { [self] _, _ in
                requests.add()
                return response()
            }
        }
        var logger = Logger(label: "caja-e2e-failing")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }
}

extension SyncAndSafetyTests {
    /// Points the register's saved login at `url`, as a server that moved or failed would look.
    func pointLogin(of register: Register, at url: String) throws {
        var login = try #require(try register.store.login())
        login.serverURL = url
        try register.store.saveLogin(login, catalog: nil)
    }

    @Test("N1/O3: a server answering 5xx is treated as unreachable: retried, exit 4, documents stay pending; the message fits the register's state",
          arguments: [(503, 1), (500, nil)] as [(Int, Int?)])
    func serverErrors(status: Int, retryAfter: Int?) async throws {
        let failing = FailingServer(status: status, retryAfter: retryAfter)
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, sold) = try await offlineSales(server, register, count: 2)
            try await failing.with { url in
                try pointLogin(of: opened, at: url)
                let started = ContinuousClock.now
                let error = await refusal { try await opened.sync() }
                #expect(error?.exitCode == 4)
                #expect(error?.code == "SERVER_UNAVAILABLE")
                #expect(failing.requests.value == register.configuration.syncAttempts, "each try reached the server")
                if let retryAfter { #expect(ContinuousClock.now - started >= .seconds(retryAfter), "Retry-After was honoured") }
                #expect(try opened.store.pendingCount() == 2)
                // Already offline: nothing to activate; the documents wait for the connection.
                #expect(error?.message.contains("modo offline") == true)
                #expect(error?.message.contains("quedan pendientes") == true)
                #expect(error?.message.contains("active el modo offline") == false)
                let off = await refusal { try await opened.deactivateOffline() }
                #expect(off?.exitCode == 4)
                #expect(try opened.store.activeSession() != nil)
            }
            try pointLogin(of: opened, at: server.url)
            _ = try await opened.deactivateOffline()
            let onServer = try await ServerView(server: server).documents()
            #expect(Set(onServer.map(\.id)) == Set(sold.map(\.document.id)))

            // Online now: the same failure offers modo offline.
            try await failing.with { url in
                try pointLogin(of: opened, at: url)
                let error = await refusal { try await opened.sell(rice) }
                #expect(error?.exitCode == 4)
                #expect(error?.message.contains("active el modo offline") == true)
            }
        }
    }

    @Test("O3: an unreachable server, to a register already offline: its documents stay pending, no advice to activate offline")
    func unreachableWhileOffline() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, _) = try await offlineSales(server, register, count: 1)
            await server.stop()
            let error = await refusal { try await opened.sync() }
            #expect(error?.code == "SERVER_UNREACHABLE" && error?.exitCode == 4)
            #expect(error?.message.contains("1 documento(s) quedan pendientes") == true)
            #expect(error?.message.contains("active el modo offline") == false)
            try await server.start()
        }
    }

    @Test("N2: caja sync while online tops up a type that ran low; while offline it does not")
    func syncTopsUp() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            // As if 45 numbers of 01 had gone: 5 left, under the low-water mark.
            try opened.store.write { db in try db.execute(sql: "UPDATE blocks SET next = last - 4 WHERE type = '01'") }
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            _ = try await opened.sync()
            #expect(try opened.status().blocks.first { $0.type == "01" }?.blocks == 1)
            try opened.store.endSession(try #require(try opened.store.activeSession()).id, at: server.clock.now)
            _ = try await opened.sync()
            let balance = try #require(try opened.status().blocks.first { $0.type == "01" })
            let sizing = try opened.store.sizing(for: .invoice)
            #expect(balance.blocks >= 2)
            #expect(balance.remaining >= min(Int64(sizing?.target ?? 20), 5 + 3 * 50))
        }
    }

    @Test("N2: a register that wants more numbers than the server allows stops at its 4 active blocks (TOO_MANY_BLOCKS), no loop")
    func topUpStopsAtServerLimit() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            var configuration = register.configuration
            configuration.blockLowWater = 1_000_000
            let opened = try Register(configuration)
            try await opened.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            for type in [DocumentType.invoice, .genericCreditNote] {
                let balance = try #require(try opened.status().blocks.first { $0.type == type.dgiCode })
                if let sizing = try opened.store.sizing(for: type) {
                    // The server advised a target: held up to it, within the server's limit.
                    #expect(balance.blocks <= 4 && (balance.remaining >= Int64(sizing.target) || balance.blocks == 4))
                } else {
                    #expect(balance.blocks == 4 && balance.remaining == 4 * 50)
                }
            }
            // Online again later: still refused a 5th, still no loop, the command succeeds.
            _ = try await opened.sell(rice)
            #expect(try opened.status().blocks.allSatisfy { $0.blocks <= 4 })
        }
    }

    @Test("N2: blocks are requested with no size by default (the server sizes them); status shows numbers left and hours covered per offline type")
    func serverSizedBlocks() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            var configuration = register.configuration
            configuration.blockSize = nil
            let opened = try Register(configuration)
            try await opened.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            let status = try opened.status()
            #expect(status.coverage.map(\.type) == ["01", "06"])
            for coverage in status.coverage {
                let type = try #require(DocumentType(rawValue: coverage.type))
                let sizing = try opened.store.sizing(for: type)
                // The server's size: its target when it advises one, else its default of 100.
                #expect(coverage.remaining == Int64(sizing?.target ?? 100))
                #expect(coverage.target == sizing?.target)
                if let sizing, sizing.busiest24h > 0 {
                    #expect(coverage.hoursCovered == sizing.hoursCovered(by: coverage.remaining))
                    #expect(coverage.text.contains("h de venta offline"))
                } else {
                    #expect(coverage.hoursCovered == nil)
                    #expect(coverage.text.contains("sin historial"))
                }
            }
        }
    }
}
