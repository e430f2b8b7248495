import ArgumentParser
import DGISimulator
import Foundation
import Hummingbird

/// `caja-dgi-sim`: the DGI/PAC reception simulator on its own, for tests and demos.
@main
struct CajaDGISim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caja-dgi-sim",
        abstract: "DGI reception simulator: POST /dgi/recepcion (SOAP rEnviFe → rProtFe), admin knobs under /dgi/admin.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8090
    @Option(help: "Milliseconds added to every answer.") var latency = 0
    @Option(name: .customLong("error-rate"), help: "Share of requests answered 503 (0-1).") var errorRate = 0.0
    @Option(name: .customLong("drop-rate"), help: "Share of requests processed but never answered in time (0-1).") var dropRate = 0.0
    @Option(name: .customLong("down"), help: "Answer 503 to everything for this many seconds from start.") var down = 0.0
    @Option(name: .customLong("admin-token"), help: "Bearer token of the admin routes (default CAJA_DGI_SIM_TOKEN, else a random one, printed).")
    var adminToken: String?

    var faults: DGISimulator.Faults {
        .init(latencyMilliseconds: latency, errorRate: errorRate, dropRate: dropRate, downSeconds: down)
    }

    func validate() throws {
        if let invalid = faults.invalidKnob { throw ValidationError(invalid) }
    }

    func run() async throws {
        let token = [adminToken, ProcessInfo.processInfo.environment["CAJA_DGI_SIM_TOKEN"]].compactMap { $0 }.first { !$0.isEmpty }
            ?? (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let simulator = DGISimulator(faults: faults, adminToken: token)
        let router = Router()
        simulator.addRoutes(to: router.group("dgi"))
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "caja-dgi-sim"))
        print("Simulador DGI en http://\(host):\(port)/dgi/\(DGISimulator.receptionPath)\nadmin token (faults, stats): \(token)")
        fflush(nil)
        try await app.runService()
    }
}
