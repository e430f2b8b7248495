import CajaCore
@testable import CajaRegister
import CajaServer
import CajaTestSupport
import Foundation
import Logging

/// A real caja-server (embedded SQLite in a temp dir) serving real HTTP on loopback. It can be
/// stopped and started again on the same port and data, as a server restart would.
final class LiveServer: @unchecked Sendable {
    // `task` and `app` change only in start/stop, which a test calls from one task.
    let directory: URL
    let clock: SharedClock
    private(set) var port = 0
    private var task: BackgroundServer?
    private(set) var app: CajaServerApp?

    static let logger: Logger = {
        var logger = Logger(label: "caja-e2e")
        logger.logLevel = .critical
        return logger
    }()

    init(clock: SharedClock) {
        self.clock = clock
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("caja-e2e-server-\(UUID().uuidString)")
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func start() async throws {
        var configuration = ServerConfiguration()
        configuration.port = port
        configuration.bcryptCost = 4
        configuration.dataDirectory = directory.path
        // As it ships in the demo: the DGI worker on, sending to this server's embedded simulator.
        configuration.dgiSimulator = true
        // A new till's block; small so tests see blocks run low and get topped up.
        configuration.minimumBlockSize = 50
        // stop() drains first (the worker ends before the listener closes), as caja-server does.
        let clock = self.clock
        let app = try await CajaServerApp.start(configuration, dependencies: Dependencies(clock: ServerClock { clock.now }),
                                                logger: Self.logger)
        self.app = app
        (port, task) = try await app.runInBackground()
    }

    func stop() async {
        if let task { await app?.stop(background: task) } else { await app?.shutdown() }
        task = nil
        app = nil
    }

    /// Starts a server, runs `body`, stops it and removes its data.
    static func with<T>(clock: SharedClock = SharedClock(), _ body: (LiveServer) async throws -> T) async throws -> T {
        let server = LiveServer(clock: clock)
        try await server.start()
        do {
            let result = try await body(server)
            await server.stop()
            try? FileManager.default.removeItem(at: server.directory)
            return result
        } catch {
            await server.stop()
            try? FileManager.default.removeItem(at: server.directory)
            throw error
        }
    }
}

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

