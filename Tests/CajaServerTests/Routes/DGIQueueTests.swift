import CajaCore
@testable import CajaServer
import CajaTestSupport
import DGISimulator
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Starts servers on one database the test owns, so a test can stop one and start another
/// (a restart) or run two at once (two processes on one PostgreSQL).
struct SharedDatabase {
    let backend: Backend
    /// The business clock of every server on this database (the login throttle's time).
    var clock = TestClock(Date())
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("caja-queue-\(UUID().uuidString)")
    var postgresName: String?

    static func make(_ backend: Backend) async throws -> SharedDatabase {
        var shared = SharedDatabase(backend: backend)
        if backend == .postgres {
            let name = "caja_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try await TestServer.adminQuery("CREATE DATABASE \(name)")
            shared.postgresName = name
        }
        return shared
    }

    /// `timeout`: how long the worker waits for the DGI's answer. The fault tests keep it
    /// short (lost answers come back fast); tests that count sends give it the time a busy
    /// machine needs, since a late answer is a lost one and is rightly sent again.
    func configuration(dgiURL: String, timeout: Duration = .milliseconds(400), lease: Duration? = nil) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.bcryptCost = 4
        configuration.dataDirectory = scratch.path
        configuration.postgresPoolSize = 6
        if let postgresName { configuration.databaseURL = try TestServer.postgresURL(database: postgresName) }
        configuration.dgiURL = dgiURL
        configuration.dgiPollInterval = .milliseconds(50)
        configuration.dgiBackoffBase = .milliseconds(50)
        configuration.dgiBackoffMax = .milliseconds(400)
        configuration.dgiTimeout = timeout
        configuration.dgiLease = lease ?? max(.seconds(5), timeout * 2)
        return configuration
    }

    /// One server process's life: start, serve over real HTTP, shut down.
    func serve<T>(dgiURL: String, timeout: Duration = .milliseconds(400), lease: Duration? = nil,
                  _ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        try await TestServer.serve(try configuration(dgiURL: dgiURL, timeout: timeout, lease: lease), clock: clock, body)
    }

    /// Two server processes on one new PostgreSQL database (and a simulator), as a shop with
    /// two servers behind a balancer runs them.
    static func twoServers(simulator: DGISimulator = DGISimulator(), timeout: Duration = .milliseconds(400),
                           _ body: @Sendable (TestServer, TestServer) async throws -> Void) async throws {
        let database = try await SharedDatabase.make(.postgres)
        defer { Task { await database.drop() } }
        try await SimulatorServer.run(simulator) { sim in
            try await database.serve(dgiURL: sim.url, timeout: timeout) { first in
                try await database.serve(dgiURL: sim.url, timeout: timeout) { second in try await body(first, second) }
            }
        }
    }

    func drop() async {
        try? FileManager.default.removeItem(at: scratch)
        if let postgresName { try? await TestServer.adminQuery("DROP DATABASE IF EXISTS \(postgresName) WITH (FORCE)") }
    }
}

extension TestServer {
    func detail(_ id: UUID, token: String) async throws -> DocumentDetail {
        try await request(.get, "/v1/documents/\(id)", token: token).decode(DocumentDetail.self)
    }

    /// Waits until every document is authorized and returns their details.
    func waitAuthorized(_ ids: [UUID], token: String, seconds: Double = 240) async throws -> [DocumentDetail] {
        try await eventually(seconds, "\(ids.count) documents authorized") {
            for id in ids where try await detail(id, token: token).dgi?.status != .authorized { return false }
            return true
        }
        var details: [DocumentDetail] = []
        for id in ids { details.append(try await detail(id, token: token)) }
        return details
    }
}

@Suite("DGI submission queue (N5): signed documents, retries, restarts, two servers")
struct DGIQueueTests {
    @Test("online and offline documents are signed (xmlsec1, XSD) and each is authorized once with its protocol",
          arguments: Backend.allCases)
    func authorizesEverything(_ backend: Backend) async throws {
        let clock = TestClock(Date())
        try await SimulatorServer.run(DGISimulator(clock: { clock.now })) { simulator in
            try await TestServer.run(backend, clock: clock, configure: { configuration in
                configuration.dgiWorker = true
                configuration.dgiURL = simulator.url
                configuration.dgiPollInterval = .milliseconds(50)
            }) { server in
                let device = try await OfflineDevice.start(server)
                var ids: [UUID] = []
                for _ in 0..<3 {
                    let draft = Sales.cash()
                    #expect(try await server.issue(draft, token: device.token).status == .created)
                    ids.append(draft.id)
                }
                let offline = try (0..<2).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(10 * ($0 + 1))) }
                #expect(try await device.upload(offline).allSatisfy { $0.status == .accepted })
                ids += offline.map(\.id)

                let details = try await server.waitAuthorized(ids, token: device.token)
                for detail in details {
                    let authorization = await simulator.simulator.authorization(of: detail.summary.cufe)
                    #expect(detail.dgi?.protocolNumber == authorization)
                    #expect(detail.summary.dgiStatus == .authorized)
                    let xml = try await server.request(.get, "/v1/documents/\(detail.summary.id)/xml", token: device.token).text
                    #expect(try XMLTools.validate(xml).status == 0)
                    let verified = try XMLTools.verifySignature(xml, certificatePEM: try Self.certificatePEM(in: xml))
                    #expect(verified.status == 0, "xmlsec1: \(verified.output)")
                }
                let stats = await simulator.simulator.currentStats()
                #expect(stats.authorized == 5 && stats.received == 5)
            }
        }
    }

    @Test("a rejection is recorded with the DGI's rule code and never retried")
    func rejection() async throws {
        let clock = TestClock(Date())
        // The DGI's clock is 73 h ahead: the document reaches it after more than 72 h in contingency.
        let dgiClock = TestClock(clock.now.addingTimeInterval(73 * 3600))
        try await SimulatorServer.run(DGISimulator(clock: { dgiClock.now })) { simulator in
            try await TestServer.run(.sqlite, clock: clock, configure: { configuration in
                configuration.dgiWorker = true
                configuration.dgiURL = simulator.url
                configuration.dgiPollInterval = .milliseconds(50)
            }) { server in
                let device = try await OfflineDevice.start(server)
                let document = try device.document(number: device.grant.block.first, after: 60)
                #expect(try await device.upload([document]).first?.status == .accepted)
                try await eventually(120, "a rejection") {
                    try await server.detail(document.id, token: device.token).dgi?.status == .rejected
                }
                let detail = try await server.detail(document.id, token: device.token)
                #expect(detail.dgi?.code == "1508")
                #expect(detail.summary.dgiStatus == .rejected)
                try await Task.sleep(for: .milliseconds(300))
                #expect(await simulator.simulator.currentStats().received == 1)
            }
        }
    }

    @Test("with half the requests failing, answers lost and the service down for a while, every document ends authorized exactly once",
          arguments: Backend.allCases)
    func faults(_ backend: Backend) async throws {
        let simulator = DGISimulator(faults: .init(errorRate: 0.5, dropRate: 0.2, downSeconds: 1), dropHold: .seconds(1))
        let database = try await SharedDatabase.make(backend)
        defer { Task { await database.drop() } }
        try await SimulatorServer.run(simulator) { sim in
            try await database.serve(dgiURL: sim.url) { server in
                let token = try await server.login()
                var ids: [UUID] = []
                for _ in 0..<20 {
                    let draft = Sales.cash()
                    #expect(try await server.issue(draft, token: token).status == .created)
                    ids.append(draft.id)
                }
                let started = ContinuousClock.now
                let details = try await server.waitAuthorized(ids, token: token, seconds: 300)
                let elapsed = ContinuousClock.now - started
                for detail in details {
                    #expect(detail.dgi?.protocolNumber == (await simulator.authorization(of: detail.summary.cufe)))
                }
                let stats = await simulator.currentStats()
                #expect(stats.authorized == 20, "each document authorized once: \(stats)")
                let attempts = details.compactMap(\.dgi?.attempts).reduce(0, +)
                print("dgi fault run (\(backend)): 20 documents, \(attempts) attempts, drained in \(elapsed); simulator \(stats)")
            }
        }
    }

    @Test("the server restarted mid-queue: nothing lost, nothing sent again after its authorization", arguments: Backend.allCases)
    func restart(_ backend: Backend) async throws {
        let simulator = DGISimulator(faults: .init(downSeconds: 3600))
        let database = try await SharedDatabase.make(backend)
        defer { Task { await database.drop() } }
        try await SimulatorServer.run(simulator) { sim in
            let ids = try await database.serve(dgiURL: sim.url) { server in
                let token = try await server.login()
                var ids: [UUID] = []
                for _ in 0..<8 {
                    let draft = Sales.cash()
                    #expect(try await server.issue(draft, token: token).status == .created)
                    ids.append(draft.id)
                }
                try await eventually(120, "attempts while the DGI is down") {
                    try await server.detail(ids[0], token: token).dgi?.attempts ?? 0 >= 2
                }
                return ids
            }   // the server stops with everything still queued
            #expect(await simulator.currentStats().authorized == 0)
            await simulator.setFaults(.init())
            try await database.serve(dgiURL: sim.url, timeout: .seconds(60)) { server in
                let token = try await server.login()
                let details = try await server.waitAuthorized(ids, token: token)
                #expect(details.count == 8)
                let settled = await simulator.currentStats()
                #expect(settled.authorized == 8 && settled.resent == 0)
                try await Task.sleep(for: .milliseconds(500))   // several polls later: nothing more is sent
                #expect(await simulator.currentStats().received == settled.received)
            }
        }
    }

    @Test("N5: a send slower than the lease is not raced: the lease is renewed while the answer is awaited",
          arguments: Backend.allCases)
    func slowAnswerKeepsLease(_ backend: Backend) async throws {
        // Every answer takes 12 s; a lease lasts 6 s. Two servers share the queue, so an
        // expired lease would be claimed by the other and the document sent a second time.
        // The lease is renewed every 2 s: a renewal may come up to 4 s late (a machine loaded
        // with other tests and stress-ng stalls tasks for over a second; a 2 s lease failed
        // there) and the send is still never raced, while without renewal it always would be.
        let simulator = DGISimulator(faults: .init(latencyMilliseconds: 12_000))
        let database = try await SharedDatabase.make(backend)
        defer { Task { await database.drop() } }
        try await SimulatorServer.run(simulator) { sim in
            try await database.serve(dgiURL: sim.url, timeout: .seconds(60), lease: .seconds(6)) { first in
                try await database.serve(dgiURL: sim.url, timeout: .seconds(60), lease: .seconds(6)) { second in
                    let token = try await first.login()
                    var ids: [UUID] = []
                    for _ in 0..<4 {
                        let draft = Sales.cash()
                        #expect(try await first.issue(draft, token: token).status == .created)
                        ids.append(draft.id)
                    }
                    _ = try await second.waitAuthorized(ids, token: token, seconds: 120)
                    let stats = await simulator.currentStats()
                    #expect(stats.received == 4 && stats.resent == 0, "\(stats)")
                }
            }
        }
    }

    @Test("two server processes on one PostgreSQL share the queue: each document is sent once")
    func twoServers() async throws {
        let simulator = DGISimulator()
        try await SharedDatabase.twoServers(simulator: simulator, timeout: .seconds(60)) { first, second in
            let tokens = (try await first.login(device: "caja-a"), try await second.login(device: "caja-b"))
            var ids: [UUID] = []
            for index in 0..<30 {
                let draft = Sales.cash()
                let server = index.isMultiple(of: 2) ? first : second
                #expect(try await server.issue(draft, token: index.isMultiple(of: 2) ? tokens.0 : tokens.1).status == .created)
                ids.append(draft.id)
            }
            _ = try await first.waitAuthorized(ids, token: tokens.0)
            let stats = await simulator.currentStats()
            #expect(stats.received == 30 && stats.authorized == 30, "\(stats)")
        }
    }

    /// The signing certificate of a signed rFE, as PEM (for xmlsec1's trust anchor).
    static func certificatePEM(in xml: String) throws -> String {
        guard let start = xml.range(of: "<X509Certificate>"), let end = xml.range(of: "</X509Certificate>") else {
            throw TestSetupError("no certificate in the XML")
        }
        let base64 = String(xml[start.upperBound..<end.lowerBound])
        var lines: [String] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
    }
}
