import CajaServer
import Foundation
import Logging

/// A real caja-server (embedded SQLite in a temp dir, the DGI simulator as in the demo) on a
/// free loopback port; it can be stopped and started again on the same port and data, as a
/// server that goes away and comes back (the EndToEnd tests' LiveServer, kept minimal).
final class TillServer: @unchecked Sendable {
    // `task`, `app` and `port` change only in start/stop, which a test calls from one task.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("caja-till-server-\(UUID().uuidString)")
    let clock: WallClock
    private(set) var port = 0
    private var task: BackgroundServer?
    private var app: CajaServerApp?

    static let logger: Logger = {
        var logger = Logger(label: "caja-till-tests")
        logger.logLevel = .critical
        return logger
    }()

    init(clock: WallClock) { self.clock = clock }

    var url: String { "http://127.0.0.1:\(port)" }

    func start() async throws {
        var configuration = ServerConfiguration()
        configuration.port = port
        configuration.bcryptCost = 4
        configuration.dataDirectory = directory.path
        configuration.dgiSimulator = true
        configuration.minimumBlockSize = 50
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

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
