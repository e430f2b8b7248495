import CajaServer
import Foundation
import Logging

/// A real caja-server in this process on a free loopback port: SQLite in a temp dir, or a
/// PostgreSQL database the script created. The DGI worker is on, sending to the embedded
/// simulator, as the server ships (issue 16: every figure with the worker on).
final class BenchServer: @unchecked Sendable {
    // Set once in start(), read afterwards.
    let app: CajaServerApp
    private(set) var port = 0
    private var task: BackgroundServer?
    /// The data directory (SQLite's file): a benchmark that restarts the server passes the same one.
    let scratch: Scratch

    static let logger: Logger = {
        var logger = Logger(label: "caja-bench")
        logger.logLevel = .error
        return logger
    }()

    /// One master key for every server of a run: the servers one after another on the bench's
    /// PostgreSQL database share its companies, as the servers of one deployment share theirs
    /// (each data directory would otherwise make its own key, and the next server could not
    /// open the secrets the first one sealed).
    static let masterKey: String = {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }()

    init(postgres: String?, scratch: Scratch = Scratch(), configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        self.scratch = scratch
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.dataDirectory = scratch.url.path
        configuration.databaseURL = postgres
        configuration.bcryptCost = 4
        // As it ships in the demo: the DGI worker on, sending to the embedded simulator (issue 11).
        configuration.dgiSimulator = true
        configuration.maxBlockSize = 20_000
        configuration.postgresPoolSize = 40
        configuration.masterKey = Self.masterKey
        configure(&configuration)
        app = try await CajaServerApp.start(configuration, logger: Self.logger)
        (port, task) = try await app.runInBackground()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops the server; `keepingData` leaves its data directory for a restart.
    func stop(keepingData: Bool = false) async {
        if let task { await app.stop(background: task) } else { await app.shutdown() }
        if !keepingData { scratch.remove() }
    }
}
