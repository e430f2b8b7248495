import CajaCore
@testable import CajaServer
import DGISimulator
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 13, item 1: the DGI simulator is a development tool. Its admin knobs need its
/// token, refuse values out of range, and a server without a DGI does not start.
@Suite("DGI simulator: closed by default, token-guarded, validated")
struct SimulatorSecurityTests {
    @Test("the embedded simulator's knobs need its token; wrong or missing tokens change nothing")
    func adminNeedsToken() async throws {
        try await TestServer.run(.sqlite) { server in
            let faults = #"{"downSeconds":86400,"errorRate":1}"#
            let anonymous = try await server.simulatorAdmin(.post, "faults", token: nil, json: faults)
            #expect(anonymous.status == .unauthorized)
            #expect(try await server.simulatorAdmin(.post, "faults", token: "adivinado", json: faults).status == .unauthorized)
            #expect(try await server.simulatorAdmin(.get, "stats", token: nil).status == .unauthorized)
            #expect(await server.app.embeddedDGI?.faults == DGISimulator.Faults())
            let allowed = try await server.simulatorAdmin(.post, "faults", token: TestServer.simulatorToken, json: #"{"errorRate":0.5}"#)
            #expect(allowed.status == .ok, "\(allowed.text)")
            #expect(await server.app.embeddedDGI?.faults.errorRate == 0.5)
        }
    }

    @Test("knobs out of range are refused by name: huge latency, negative or >1 rates, 1e308, a day and more of outage",
          arguments: [#"{"latencyMilliseconds":9223372036854775807}"#, #"{"latencyMilliseconds":-1}"#, #"{"errorRate":-0.1}"#,
                      #"{"dropRate":1.5}"#, #"{"errorRate":1e308}"#, #"{"downSeconds":1e308}"#, #"{"downSeconds":-5}"#,
                      #"{"latencyMilliseconds":60001}"#, #"not json"#])
    func knobsValidated(_ body: String) async throws {
        try await TestServer.run(.sqlite) { server in
            let response = try await server.simulatorAdmin(.post, "faults", token: TestServer.simulatorToken, json: body)
            #expect(response.status == .badRequest, "\(body): \(response.text)")
            #expect(response.error != nil)
            #expect(await server.app.embeddedDGI?.faults == DGISimulator.Faults())
        }
    }

    @Test("a simulator made without a token keeps its admin routes closed")
    func closedWithoutToken() async throws {
        try await SimulatorServer.run(DGISimulator()) { simulator in
            let response = try await simulator.client.execute(uri: "/dgi/admin/faults", method: .post,
                                                              headers: [.contentType: "application/json"],
                                                              body: ByteBuffer(string: #"{"errorRate":1}"#)) { $0.status }
            #expect(response == .forbidden)
            #expect(await simulator.simulator.faults == DGISimulator.Faults())
        }
    }

    @Test("a server with neither a DGI URL nor the simulator refuses to start, saying what to pass")
    func noDGINoStart() async throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("caja-nodgi-\(UUID())").path
        do {
            _ = try await CajaServerApp.start(configuration, logger: TestServer.logger)
            Issue.record("the server started without a DGI")
        } catch {
            #expect("\(error)".contains("--dgi-url") && "\(error)".contains("--dgi-sim"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: configuration.dataDirectory), "nothing was created")
    }
}

extension TestServer {
    func simulatorAdmin(_ method: HTTPRequest.Method, _ path: String, token: String?, json: String? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/sim/dgi/admin/\(path)", method: method, headers: headers,
                                        body: json.map { ByteBuffer(string: $0) }) { response in
            APIResponse(status: response.status, body: Data(buffer: response.body))
        }
    }
}
