import ArgumentParser
import CajaServer
import Foundation
import Hummingbird
import Logging
import UnixSignals

/// Serves the API, the panel and the DGI queue (the default subcommand).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server (the default).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @OptionGroup var storage: StorageOptions
    @Flag(help: "Do not create the demo company on first start.") var noDemo = false
    @Option(name: .customLong("dgi-url"),
            help: "DGI/PAC reception URL (default CAJA_DGI_URL; without one, the embedded simulator under /sim/dgi).")
    var dgiURL: String?
    @Flag(name: .customLong("dgi-sim"),
          help: "Send documents to the DGI simulator embedded under /sim/dgi (development; on by default only with the demo data and no --dgi-url).")
    var dgiSim = false

    func run() async throws {
        var config = storage.configuration()
        config.host = host
        config.port = port
        config.metricsToken = ProcessInfo.processInfo.environment["CAJA_METRICS_TOKEN"]
        config.seedDemoData = !noDemo
        let environment = ProcessInfo.processInfo.environment
        config.dgiURL = dgiURL ?? environment["CAJA_DGI_URL"]
        // The simulator is a development tool: asked for, or the demo's default when no real
        // service is named. A server without demo data and without a DGI refuses to start.
        config.dgiSimulator = dgiSim || (!noDemo && config.dgiURL == nil)
        config.dgiSimulatorToken = environment["CAJA_DGI_SIM_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        config.secureCookies = environment["CAJA_SECURE_COOKIES"] == "1"
        var logger = Logger(label: "caja-server")
        logger.logLevel = .info

        let server = try await CajaServerApp.start(config, logger: logger)
        let storage = config.databaseURL == nil ? "SQLite \(config.dataDirectory)/caja.sqlite" : "PostgreSQL"
        // The setup secret goes to this console only: never to the log, never to /metrics.
        let setup = server.setupSecret.map { secret in """

            NEW SERVER — no company yet. Open http://\(host):\(port)/panel and create yours with this
            one-time setup secret (it changes at every start until a company exists):
              \(secret)
            (or from a script: caja-server company create --help)
            """ } ?? ""
        let demo = config.seedDemoData ? """

            DEMO DATA — made-up company and self-signed certificate, not for real invoices:
              admin:  usuario admin   clave admin1234
              cajero: usuario cajero  clave cajero1234  (punto 001 o 002)
              supervisor: usuario supervisor  clave supervisor1234  (Panel WEB)
            """ : ""
        print("""
            Caja server on http://\(host):\(port)  (storage: \(storage))\(demo)\(setup)
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
