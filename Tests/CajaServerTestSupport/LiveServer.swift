import CajaServer
import CajaTestSupport
import Foundation
import Logging

/// A real caja-server (embedded SQLite in a temp dir) serving real HTTP on loopback. It can be
/// stopped and started again on the same port and data, as a server restart would. Shared by
/// the end-to-end tests and the till's tests.
public final class LiveServer: @unchecked Sendable {
    // `task` and `app` change only in start/stop, which a test calls from one task.
    public let directory: URL
    public let clock: SharedClock
    public private(set) var port = 0
    private var task: BackgroundServer?
    public private(set) var app: CajaServerApp?

    public static let logger: Logger = {
        var logger = Logger(label: "caja-e2e")
        logger.logLevel = .critical
        return logger
    }()

    public init(clock: SharedClock) {
        self.clock = clock
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("caja-e2e-server-\(UUID().uuidString)")
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public func start() async throws {
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

    public func stop() async {
        if let task { await app?.stop(background: task) } else { await app?.shutdown() }
        task = nil
        app = nil
    }

    /// Removes its data (after the last stop).
    public func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Starts a server, runs `body`, stops it and removes its data.
    public static func with<T>(clock: SharedClock = SharedClock(), _ body: (LiveServer) async throws -> T) async throws -> T {
        let server = LiveServer(clock: clock)
        try await server.start()
        do {
            let result = try await body(server)
            await server.stop()
            server.remove()
            return result
        } catch {
            await server.stop()
            server.remove()
            throw error
        }
    }
}
