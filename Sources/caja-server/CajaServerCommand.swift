import ArgumentParser
import CajaServer
import Foundation
import Hummingbird
import Logging
import UnixSignals

/// `swift run caja-server`: the HTTP API on port 8080 with an embedded SQLite file under
/// ./caja-data and a demo company on first start; `--db postgres://…` for PostgreSQL.
@main
struct CajaServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "caja-server", abstract: "Caja: servidor de facturación electrónica.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Directory of the embedded SQLite database.") var dataDir = "./caja-data"
    @Option(name: .customLong("db"), help: "PostgreSQL URL (postgres://user:pass@host:port/db); default CAJA_DATABASE_URL, else SQLite.")
    var databaseURL: String?
    @Flag(help: "Do not create the demo company on first start.") var noDemo = false
    @Option(name: .customLong("dgi-url"),
            help: "DGI/PAC reception URL (default CAJA_DGI_URL; without one, the embedded simulator under /sim/dgi).")
    var dgiURL: String?
    @Flag(name: .customLong("dgi-sim"),
          help: "Send documents to the DGI simulator embedded under /sim/dgi (development; on by default only with the demo data and no --dgi-url).")
    var dgiSim = false

    func run() async throws {
        var config = ServerConfiguration()
        config.host = host
        config.port = port
        config.dataDirectory = dataDir
        config.databaseURL = databaseURL ?? ProcessInfo.processInfo.environment["CAJA_DATABASE_URL"]
        config.metricsToken = ProcessInfo.processInfo.environment["CAJA_METRICS_TOKEN"]
        config.seedDemoData = !noDemo
        let environment = ProcessInfo.processInfo.environment
        config.dgiURL = dgiURL ?? environment["CAJA_DGI_URL"]
        // The simulator is a development tool: asked for, or the demo's default when no real
        // service is named. A server without demo data and without a DGI refuses to start.
        config.dgiSimulator = dgiSim || (!noDemo && config.dgiURL == nil)
        config.dgiSimulatorToken = environment["CAJA_DGI_SIM_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        config.masterKey = environment["CAJA_MASTER_KEY"]
        config.secureCookies = environment["CAJA_SECURE_COOKIES"] == "1"
        var logger = Logger(label: "caja-server")
        logger.logLevel = .info

        let server = try await CajaServerApp.start(config, logger: logger)
        let storage = config.databaseURL == nil ? "SQLite \(config.dataDirectory)/caja.sqlite" : "PostgreSQL"
        let demo = config.seedDemoData ? """

            DEMO DATA — made-up company and self-signed certificate, not for real invoices:
              admin:  usuario admin   clave admin1234
              cajero: usuario cajero  clave cajero1234  (punto 001 o 002)
              supervisor: usuario supervisor  clave supervisor1234  (Panel WEB)
            """ : ""
        print("""
            Caja server on http://\(host):\(port)  (storage: \(storage))\(demo)
            DGI: \(config.dgiURL ?? "embedded simulator at http://\(host):\(port)/sim/dgi/recepcion (development only)")\(server.simulatorToken.map { "\n  simulator admin token (faults, stats): \($0)" } ?? "")
            Panel WEB: http://\(host):\(port)/panel
            Try: curl -s http://\(host):\(port)/health
            """)
        fflush(nil)   // every stream: a pipe or log file gets the banner now, not when the buffer fills
        // SIGTERM/SIGINT stop the server in its order (CajaServerApp.serviceGroup): the DGI
        // worker, then requests in flight (10 s; new ones get 503), then the HTTP server, then
        // the database. After 20 s more the stop is forced (open requests end).
        try await server.run(gracefulShutdownSignals: [.sigterm, .sigint], drainFor: .seconds(10), maximumGracefulShutdown: .seconds(20))
    }
}
