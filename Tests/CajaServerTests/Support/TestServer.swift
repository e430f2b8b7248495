import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresKit
import Testing

/// The two databases every server test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A clock the test moves.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_773_502_200)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    var serverClock: ServerClock { ServerClock { [self] in now } }
}

/// A real server for one test: its own SQLite file in a temp dir, or its own PostgreSQL
/// database in the cluster `scripts/test.sh` started (CAJA_TEST_POSTGRES_URL); real HTTP
/// over loopback (`.live`).
struct TestServer {
    let app: CajaServerApp
    let client: PatientClient
    let clock: TestClock

    /// The embedded simulator's admin token in every test server.
    static let simulatorToken = "simulador-de-prueba"

    static let logger: Logger = {
        var logger = Logger(label: "caja-test")
        logger.logLevel = ProcessInfo.processInfo.environment["CAJA_TEST_LOG"] == "debug" ? .debug : .warning
        return logger
    }()

    static func run<T>(_ backend: Backend, clock: TestClock = TestClock(),
                       configure: (inout ServerConfiguration) -> Void = { _ in },
                       dependencies adjust: (inout Dependencies) -> Void = { _ in },
                       _ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.bcryptCost = 4
        configuration.postgresPoolSize = 10
        configuration.dgiWorker = false   // DGITests turn it on; elsewhere states stay "pending"
        configuration.dgiSimulator = true
        configuration.dgiSimulatorToken = TestServer.simulatorToken
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("caja-test-\(UUID().uuidString)")
        configuration.dataDirectory = scratch.path
        var dropDatabase: String?
        if backend == .postgres {
            let name = "caja_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try await adminQuery("CREATE DATABASE \(name)")
            configuration.databaseURL = try postgresURL(database: name)
            dropDatabase = name
        }
        configure(&configuration)
        do {
            var dependencies = Dependencies(clock: clock.serverClock)
            adjust(&dependencies)
            let result = try await serve(configuration, dependencies: dependencies, clock: clock, body)
            try await cleanUp(scratch: scratch, database: dropDatabase)
            return result
        } catch {
            try? await cleanUp(scratch: scratch, database: dropDatabase)
            throw error
        }
    }

    /// One server's life as caja-server lives it (``CajaServerApp/start(_:dependencies:logger:)``,
    /// its service group over real HTTP, the stop in its order), with the test's clock.
    static func serve<T>(_ configuration: ServerConfiguration, dependencies: Dependencies? = nil, clock: TestClock,
                         _ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        let server = try await CajaServerApp.start(configuration, dependencies: dependencies ?? Dependencies(clock: clock.serverClock),
                                                   logger: logger)
        let running: BackgroundServer
        let port: Int
        do { (port, running) = try await server.runInBackground() } catch {
            await server.shutdown()
            throw error
        }
        do {
            let result = try await body(TestServer(app: server, client: PatientClient(port: port), clock: clock))
            await server.stop(background: running)
            return result
        } catch {
            await server.stop(background: running)
            throw error
        }
    }

    private static func cleanUp(scratch: URL, database: String?) async throws {
        try? FileManager.default.removeItem(at: scratch)
        if let database { try await adminQuery("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    }

    static func postgresURL(database: String) throws -> String {
        guard let base = ProcessInfo.processInfo.environment["CAJA_TEST_POSTGRES_URL"],
              var components = URLComponents(string: base) else {
            throw TestSetupError("CAJA_TEST_POSTGRES_URL is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL")
        }
        components.path = "/\(database)"
        return try components.string.orThrow("url")
    }

    /// Runs one statement on the cluster's `postgres` database.
    static func adminQuery(_ sql: String) async throws {
        let driver = try PostgresDriver(url: try postgresURL(database: "postgres"), poolSize: 1, logger: logger)
        let task = Task { await driver.client.run() }
        defer { task.cancel() }
        try await driver.read { db in try await db.raw("\(unsafeRaw: sql)").run() }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
