import CajaCore
import CajaTestSupport
import Foundation
import Testing

/// The real `caja-server` executable, started and stopped the way an operator does.
@Suite("caja-server as a process")
struct ServerProcessTests {
    @Test("N5: caja-server stops cleanly on SIGTERM while its DGI worker sends to the embedded simulator, and starts again on its data")
    func cleanStop() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-process-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        for round in 0..<2 {
            let port = try Self.freePort()   // picked just before each start: another test may take a freed one
            let caja = CajaProcess(home: data.appendingPathComponent("register-\(round)"))
            let (server, out, err) = try Self.startServer(port: port, data: data)
            // Each round's register is a new one (its own home, so its own device key and name).
            try await Self.waitForLogin(caja, port: port, device: "caja-proceso-\(round)")
            // Sales queue DGI submissions; the worker is sending while the signal arrives.
            for _ in 0..<3 { #expect(try await caja.run("sell", "7504").status == 0) }
            kill(server.processIdentifier, SIGTERM)
            let result = await CajaProcess.finish(server, out, err)
            #expect(result.status == 0, "round \(round): \(result.stderr)")
            #expect(!result.stderr.contains("Deinited"), "\(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        }
    }

    @Test("N3: SIGTERM while a sync body is still arriving: the request finishes, later ones get 503 with Retry-After, never a bare 500")
    func stopDuringUpload() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-stop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        for round in 0..<5 {
            let port = try Self.freePort()   // picked just before each start: another test may take a freed one
            let caja = CajaProcess(home: data.appendingPathComponent("register-\(round)"))
            let (server, out, err) = try Self.startServer(port: port, data: data)
            // A new till each round (a device holds at most 4 blocks per type).
            try await Self.waitForLogin(caja, port: port, device: "caja-parada-\(round)")
            let pid = server.processIdentifier
            let (during, after) = try await offPool {
                let signed = try SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-lenta-\(round)")
                    .signed(with: DeviceKey(), at: Date())
                let login = RawHTTPConnection.request("POST", "/v1/sessions",
                                                      body: String(decoding: try JSONEncoder().encode(signed), as: UTF8.self))
                let answer = try RawHTTPConnection.exchange(port: port, login.head + login.body)
                guard let token = answer.components(separatedBy: "\"token\":\"").dropFirst().first?.prefix(while: { $0 != "\"" })
                else { throw E2EError("no token in \(answer)") }
                let sync = RawHTTPConnection.request("POST", "/v1/sync", token: String(token),
                                                     body: #"{"documents":[],"grants":[],"sessions":[]}"#)
                let slow = try RawHTTPConnection(port: port)
                try slow.send(sync.head + sync.body.prefix(10))
                usleep(200_000)
                kill(pid, SIGTERM)
                usleep(500_000)
                // A request that begins after the stop is refused cleanly (or finds the port closed).
                let after = (try? RawHTTPConnection.exchange(port: port, sync.head + sync.body)) ?? ""
                try slow.send(String(sync.body.dropFirst(10)))
                return (slow.readToEnd(), after)
            }
            let result = await CajaProcess.finish(server, out, err)
            #expect(result.status == 0, "round \(round): \(result.stderr)")
            // The request in flight when the signal came was finished.
            #expect(RawHTTPConnection.status(of: during) == 200, "round \(round): \(during)")
            if let status = RawHTTPConnection.status(of: after) {
                #expect(status == 503, "round \(round): \(after)")
                #expect(after.lowercased().contains("retry-after: "), "\(after)")
                #expect(after.contains("SERVER_STOPPING"), "\(after)")
            }
            #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        }
    }

    @Test("a server with no demo data and no DGI refuses to start and says what to pass; the simulator is then an explicit choice")
    func noDGIRefused() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-nodgi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try Self.freePort()
        let (server, out, err) = try Self.startServer(port: port, data: data, ["--no-demo"])
        let refused = await CajaProcess.finish(server, out, err)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--dgi-url") && refused.stderr.contains("--dgi-sim"), "\(refused.stderr)")
        // Asked for explicitly, the simulator runs, and its console names its admin token. (A
        // port picked just now: one picked before the first run may have gone to another test.)
        let port2 = try Self.freePort()
        let (explicit, out2, err2) = try Self.startServer(port: port2, data: data, ["--no-demo", "--dgi-sim"],
                                                        environment: ["CAJA_DGI_SIM_TOKEN": "token-de-prueba"])
        let health = try await Self.waitFor(port: port2, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(RawHTTPConnection.status(of: health) == 200)
        kill(explicit.processIdentifier, SIGTERM)
        let stopped = await CajaProcess.finish(explicit, out2, err2)
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.text.contains("token-de-prueba") && !stopped.text.contains("DEMO DATA"), "\(stopped.text)")
    }

    @Test("SIGTERM with the simulator answering after a minute: the server still stops, within its shutdown deadline")
    func stopWithSlowSimulator() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-slow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try Self.freePort()
        let caja = CajaProcess(home: data.appendingPathComponent("register"))
        let (server, out, err) = try Self.startServer(port: port, data: data, environment: ["CAJA_DGI_SIM_TOKEN": "token-lento"])
        try await Self.waitForLogin(caja, port: port, device: "caja-lenta")
        let faults = #"{"latencyMilliseconds":60000}"#
        let set = try await offPool {
            try RawHTTPConnection.exchange(port: port, """
                POST /sim/dgi/admin/faults HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token-lento\r\nContent-Type: application/json\r\n\
                Content-Length: \(faults.utf8.count)\r\nConnection: close\r\n\r\n\(faults)
                """)
        }
        #expect(RawHTTPConnection.status(of: set) == 200, "\(set)")
        // The worker is now waiting on the slow simulator with this sale.
        #expect(try await caja.run("sell", "7504").status == 0)
        try await Task.sleep(for: .seconds(1))
        kill(server.processIdentifier, SIGTERM)
        // caja-server's deadline is 10 s of drain plus 20 s of graceful stop; without one the
        // stop waited for the simulator's minute. The watchdog kills it at 55 s: a stop that
        // waited for the answer fails the test.
        let pid = server.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(55))
            kill(pid, SIGKILL)
        }
        let result = await CajaProcess.finish(server, out, err)
        watchdog.cancel()
        #expect(result.terminationReason == .exit, "killed by the watchdog: the stop hung")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
    }

    @Test("a port already taken: caja-server says so and exits, its database closed (no crash on the way out)")
    func portTaken() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-port-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try Self.freePort()
        let (first, out1, err1) = try Self.startServer(port: port, data: data.appendingPathComponent("a"))
        let health = try await Self.waitFor(port: port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(RawHTTPConnection.status(of: health) == 200)
        // A second server on the same port: it opens its database, then cannot listen.
        let (second, out2, err2) = try Self.startServer(port: port, data: data.appendingPathComponent("b"))
        let refused = await CajaProcess.finish(second, out2, err2)
        #expect(refused.terminationReason == .exit, "ended by signal \(refused.status): \(refused.stderr)")
        #expect(refused.status != 0)
        #expect(!refused.stderr.contains("Fatal error") && !refused.stderr.contains("not closed"), "\(refused.stderr)")
        kill(first.processIdentifier, SIGTERM)
        #expect(await CajaProcess.finish(first, out1, err1).status == 0)
    }

    /// Sends `request` until the server answers it (it starts in about a second).
    static func waitFor(port: Int, _ request: String) async throws -> String {
        for _ in 0..<300 {
            if let answer = try? await offPool({ try RawHTTPConnection.exchange(port: port, request) }), !answer.isEmpty { return answer }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("no answer on port \(port)")
    }

    static func startServer(port: Int, data: URL, _ extra: [String] = [], environment more: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        var environment = ProcessInfo.processInfo.environment
        environment["CAJA_DATABASE_URL"] = nil
        environment["CAJA_DGI_URL"] = nil
        environment.merge(more) { $1 }
        return try CajaProcess.launch(CajaProcess.executable.deletingLastPathComponent().appendingPathComponent("caja-server"),
                                      ["--port", String(port), "--data-dir", data.appendingPathComponent("server").path] + extra,
                                      environment: environment)
    }

    /// Logs the register in as soon as the server answers (it starts in about a second; a
    /// busy machine gets a minute).
    static func waitForLogin(_ caja: CajaProcess, port: Int, device: String = "caja-proceso") async throws {
        var last = ""
        for _ in 0..<600 {
            let login = try await caja.run("login", "--server", "http://127.0.0.1:\(port)", "--user", "cajero", "--password", "cajero1234",
                                           "--pos", "001", "--device", device)
            if login.status == 0 { return }
            last = login.stderr
            // Only "unreachable" (exit 4) means the server is not up yet; anything else is an answer.
            guard login.status == 4 else { throw E2EError("caja login failed (exit \(login.status)): \(last)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("caja-server did not answer: \(last)")
    }

    static func freePort() throws -> Int { try LoopbackSocket().port }
}

extension ServerProcessTests {
    static var serverExecutable: URL { CajaProcess.executable.deletingLastPathComponent().appendingPathComponent("caja-server") }

    static func createCompany(data: URL, admin: String, passwordFile: URL) async throws -> CajaProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["CAJA_DATABASE_URL"] = nil
        let (process, out, err) = try CajaProcess.launch(serverExecutable, [
            "company", "create", "--data-dir", data.appendingPathComponent("server").path, "--name", "Panadería Doña Rosa",
            "--legal-name", "Rosa Pérez", "--natural", "--ruc", "8-888-1234", "--dv", "80", "--address", "Calle 3, Santa Ana",
            "--location", "8-8-3", "--corregimiento", "SANTA ANA", "--district", "PANAMÁ", "--province", "PANAMÁ",
            "--coordinates", "+8.9524,-79.5339", "--phone", "6123-4567", "--points", "001,002", "--admin", admin,
            "--password-file", passwordFile.path,
        ], environment: environment)
        return await CajaProcess.finish(process, out, err)
    }

    @Test("issue 14: caja-server company create makes a real company on an empty server; its name cannot be taken twice; the server then starts without a setup page and its admin logs in")
    func companyFromTheCommandLine() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-company-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let passwordFile = data.appendingPathComponent("clave.txt")
        try "panaderia-segura\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let created = try await Self.createCompany(data: data, admin: "rosa", passwordFile: passwordFile)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(String(decoding: created.stdout, as: UTF8.self).contains("Empresa creada: Panadería Doña Rosa"))
        let again = try await Self.createCompany(data: data, admin: "rosa", passwordFile: passwordFile)
        #expect(again.status != 0 && again.stderr.contains("USERNAME_TAKEN"), "\(again.stderr)")

        let port = try Self.freePort()
        let (server, out, err) = try Self.startServer(port: port, data: data, ["--no-demo", "--dgi-sim"])
        let login = RawHTTPConnection.request("POST", "/v1/sessions", body: #"{"user":"rosa","password":"panaderia-segura"}"#)
        var answer = ""
        for _ in 0..<600 {   // the server starts in about a second; a busy machine gets a minute
            answer = (try? await offPool { try RawHTTPConnection.exchange(port: port, login.head + login.body) }) ?? ""
            if !answer.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(RawHTTPConnection.status(of: answer) == 201, "the admin logs in: \(answer)")
        #expect(answer.contains(#""companyName":"Panadería Doña Rosa""#) && answer.contains(#""role":"admin""#), "\(answer)")
        kill(server.processIdentifier, SIGTERM)
        let result = await CajaProcess.finish(server, out, err)
        let banner = String(decoding: result.stdout, as: UTF8.self)
        #expect(!banner.contains("NEW SERVER"), "a server with a company has no setup page: \(banner)")
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("issue 14: an empty server without demo data prints its one-time setup secret on the console, never in its log")
    func setupSecretOnTheConsole() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("caja-server-setup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try Self.freePort()
        let (server, out, err) = try Self.startServer(port: port, data: data, ["--no-demo", "--dgi-sim"])
        var health = ""
        for _ in 0..<600 {
            health = (try? await offPool { try RawHTTPConnection.exchange(port: port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") }) ?? ""
            if health.contains("200") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(server.processIdentifier, SIGTERM)
        let result = await CajaProcess.finish(server, out, err)
        let banner = String(decoding: result.stdout, as: UTF8.self)
        let lines = banner.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let secret = try #require(lines.firstIndex { $0.hasPrefix("one-time setup secret") }.map { lines[$0 + 1] })
        #expect(secret.count >= 40, "\(banner)")
        #expect(!result.stderr.contains(secret), "the log (stderr) never carries the secret")
    }
}
