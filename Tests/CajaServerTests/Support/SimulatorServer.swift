import CajaCore
import DGISimulator
import Foundation
import Hummingbird
import HummingbirdTesting

/// A DGI simulator on its own HTTP port (as `caja-dgi-sim` runs it), for the tests that
/// need to see and steer it apart from the server: faults, stats, surviving a server restart.
struct SimulatorServer: Sendable {
    let simulator: DGISimulator
    let client: any TestClientProtocol

    var url: String { "http://127.0.0.1:\(client.port ?? 0)/dgi/\(DGISimulator.receptionPath)" }

    static func run<T>(_ simulator: DGISimulator, _ body: @Sendable (SimulatorServer) async throws -> T) async throws -> T {
        let router = Router()
        simulator.addRoutes(to: router.group("dgi"))
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: TestServer.logger)
        return try await app.test(.live) { client in try await body(SimulatorServer(simulator: simulator, client: client)) }
    }

    /// Posts one signed rFE and returns the parsed answer.
    func send(_ signedXML: String) async throws -> DGIMessages.Answer {
        let request = DGIMessages.request(signedXML: signedXML, environment: "2", messageID: 1)
        return try await client.execute(uri: "/dgi/recepcion", method: .post, headers: [.contentType: "application/soap+xml"],
                                        body: ByteBuffer(string: request)) { response in
            guard response.status == .ok else { throw TestSetupError("simulator answered \(response.status.code)") }
            return try DGIMessages.parseResponse(String(buffer: response.body))
        }
    }
}

/// Waits until `condition` holds, polling; fails the test after `seconds`.
func eventually(_ seconds: Double = 120, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestSetupError("timed out after \(seconds) s waiting for \(what)")
}
