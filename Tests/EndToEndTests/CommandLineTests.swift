import CajaServerTestSupport
import CajaCore
@testable import CajaRegister
import CajaTestSupport
import Foundation
import Testing

/// Subcommands take the global options (`--home`, `--json`), so they follow the command name.
@Suite("The caja command line: its contract, exit codes and a register killed while selling")
struct CommandLineTests {
    func loggedIn(_ server: LiveServer) async throws -> CajaProcess {
        let caja = CajaProcess(home: FileManager.default.temporaryDirectory.appendingPathComponent("caja-cli-\(UUID().uuidString)"))
        let login = try await caja.run("login", "--server", server.url, "--user", "cajero", "--password", "cajero1234",
                                 "--pos", "001", "--device", "caja-cli")
        #expect(login.status == 0, "login: \(login.stderr) \(login.text)")
        return caja
    }

    @Test("sell, status and offline with --json print the contract's fields; errors print {error:{code,message}} and exit 2, 3 or 4")
    func contract() async throws {
        try await LiveServer.with(clock: SharedClock(system: ())) { server in
            let caja = try await loggedIn(server)
            defer { caja.remove() }

            let sale = try await caja.run("sell", "7504*2", "7501", "--cash", "20.00", "--json")
            #expect(sale.status == 0, "\(sale.stderr)")
            let fields = try sale.json()
            for key in ["id", "type", "number", "point", "cufe", "emission", "total", "change"] {
                #expect(fields[key] != nil, "sell --json lacks \(key)")
            }
            #expect(fields["emission"] as? String == "normal")
            #expect(fields["total"] as? String == "17.07")   // 2 x 5.99 + 7 % + 4.25 exempt
            #expect(fields["change"] as? String == "2.93")

            // Factura completa to a taxpayer, card and cash, then a 04 credit note referencing it.
            let invoice = try await caja.run("invoice", "7504", "--customer-ruc", "155596713-2-2015", "--customer-dv", "59",
                                             "--customer-name", "Cliente & Hijos, S.A.", "--pay", "tarjeta-credito:5.00",
                                             "--pay", "efectivo:2.00", "--json")
            #expect(invoice.status == 0, "\(invoice.stderr) \(invoice.text)")
            #expect(try invoice.json()["change"] as? String == "0.59")   // 5.99 + 0.42 = 6.41
            let invoiceCUFE = try #require(try invoice.json()["cufe"] as? String)
            let note = try await caja.run("credit-note", "7504", "--ref", invoiceCUFE, "--json")
            #expect(note.status == 0, "\(note.stderr)")
            #expect(try note.json()["type"] as? String == "04")

            let receipt = try await caja.run("sell", "7501")
            #expect(receipt.status == 0)
            #expect(receipt.text.contains("FACTURA No."))
            #expect(receipt.text.contains("CUFE:"))

            let badItem = try await caja.run("sell", "NOEXISTE", "--json")
            #expect(badItem.status == 2)
            #expect(((try badItem.json())["error"] as? [String: Any])?["code"] as? String == "UNKNOWN_PRODUCT")

            let noTerms = try await caja.run("offline", "on", "--reason", outageReason, "--json")
            #expect(noTerms.status == 3)
            #expect(((try noTerms.json())["error"] as? [String: Any])?["code"] as? String == "OFFLINE_TERMS_NOT_ACCEPTED")

            let on = try await caja.run("offline", "on", "--reason", outageReason, "--accept-terms")
            #expect(on.status == 0, "\(on.stderr)")
            #expect(on.text.contains("MODO OFFLINE"))
            let offlineSale = try await caja.run("sell", "7501", "--json")
            #expect(try offlineSale.json()["emission"] as? String == "contingency")
            let number = try #require(try offlineSale.json()["number"] as? Int)
            let printed = try await caja.run("receipt", String(number), "--width", "58")
            #expect(printed.text.contains("EMITIDO EN CONTINGENCIA"))
            #expect(printed.text.contains("(DEMO)"), "the company name is wrapped, not cut")
            #expect(printed.text.split(separator: "\n").allSatisfy { $0.count <= 32 })
            let escpos = try await caja.run("receipt", String(number), "--format", "escpos")
            #expect(escpos.stdout.starts(with: [0x1B, 0x40]))
            #expect(escpos.stdout.firstRange(of: Data([0x1D, 0x28, 0x6B])) != nil)   // the printer's QR command

            let status = try await caja.run("status", "--json").json()
            #expect(status["mode"] as? String == "offline")
            #expect(status["pending"] as? Int == 1)
            #expect(status["offlineSince"] != nil)
            #expect((status["secondsLeft"] as? Int ?? 0) > 86_000)

            let logout = try await caja.run("logout", "--json")
            #expect(logout.status == 3)
            let off = try await caja.run("offline", "off", "--json")
            #expect(off.status == 0, "\(off.stderr)")
            #expect(try off.json()["sent"] as? Int == 1)
            let loggedOut = try await caja.run("logout")
            #expect(loggedOut.status == 0, "\(loggedOut.stderr)")
            let afterLogout = try await caja.run("sell", "7501", "--json")
            #expect(afterLogout.status == 3)

            let cufe = try await caja.run("cufe", try #require(fields["cufe"] as? String), "--json")
            #expect(try cufe.json()["valid"] as? Bool == true)
            var broken = Array(try #require(fields["cufe"] as? String))
            broken[20] = broken[20] == "1" ? "2" : "1"
            let brokenResult = try await caja.run("cufe", String(broken))
            #expect(brokenResult.status == 2)
        }
    }

    @Test("N1/N2: caja status shows the journal (beside the home by default, CAJA_JOURNAL_DIR, --journal-dir), its size, and numbers left per offline type")
    func statusShowsJournalAndCoverage() async throws {
        try await LiveServer.with(clock: SharedClock(system: ())) { server in
            let caja = try await loggedIn(server)
            defer { caja.remove() }
            let status = try await caja.run("status", "--json").json()
            let journal = try #require(status["journal"] as? [String: Any])
            #expect(journal["directory"] as? String == caja.home.path + "-journal")
            #expect((journal["bytes"] as? Int).map { $0 >= 0 } == true)
            #expect((journal["segments"] as? Int ?? 0) >= 1)
            let coverage = try #require(status["coverage"] as? [[String: Any]])
            #expect(coverage.map { $0["type"] as? String } == ["01", "06"])
            #expect(coverage.allSatisfy { ($0["remaining"] as? Int ?? 0) > 0 })
            let text = try await caja.run("status")
            #expect(text.text.contains("Diario de respaldo: \(caja.home.path)-journal"))
            #expect(text.text.contains("Números disponibles 01:"))

            // Deleting the home leaves the journal.
            let on = try await caja.run("offline", "on", "--reason", outageReason, "--accept-terms")
            #expect(on.status == 0, "\(on.stderr)")
            #expect(try await caja.run("sell", "7501").status == 0)
            try FileManager.default.removeItem(at: caja.home)
            let recovered = try await caja.run("recover", "--json").json()
            #expect(recovered["recovered"] as? Int == 1)
            let afterRecovery = try await caja.run("status")
            #expect(afterRecovery.text.contains("MODO OFFLINE"), "\(afterRecovery.text) \(afterRecovery.stderr)")
            #expect(try await caja.run("sell", "7501", "--json").json()["emission"] as? String == "contingency")
            // The device key lives beside the journal, so the recovered till is still the same
            // device: it logs in under its name again (another key would be DEVICE_NAME_TAKEN).
            let relogin = try await caja.run("login", "--server", server.url, "--user", "cajero", "--password", "cajero1234",
                                             "--pos", "001", "--device", "caja-cli")
            #expect(relogin.status == 0, "\(relogin.stderr)")
            #expect(FileManager.default.fileExists(atPath: caja.home.path + "-journal/clave-equipo.key"))

            // The environment variable and the flag move it (a second medium).
            let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("caja-cli-journal-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: elsewhere) }
            var environment = ProcessInfo.processInfo.environment
            environment["CAJA_JOURNAL_DIR"] = elsewhere.path
            let (process, out, err) = try CajaProcess.launch(CajaProcess.executable, ["--home", caja.home.path, "status", "--json"],
                                                             environment: environment)
            let viaEnvironment = try await CajaProcess.finish(process, out, err).json()
            #expect((viaEnvironment["journal"] as? [String: Any])?["directory"] as? String == elsewhere.path)
            let viaFlag = try await caja.run("--journal-dir", elsewhere.path + "-flag", "status", "--json").json()
            #expect((viaFlag["journal"] as? [String: Any])?["directory"] as? String == elsewhere.path + "-flag")
            try? FileManager.default.removeItem(atPath: elsewhere.path + "-flag")
        }
    }

    @Test("exit 4 when the server cannot be reached for a command that needs it")
    func unreachable() async throws {
        let caja = CajaProcess(home: FileManager.default.temporaryDirectory.appendingPathComponent("caja-cli-\(UUID().uuidString)"))
        defer { caja.remove() }
        let result = try await caja.run("login", "--server", "http://127.0.0.1:9", "--user", "cajero", "--password", "x",
                                  "--pos", "001", "--json")
        #expect(result.status == 4)
        #expect(((try result.json())["error"] as? [String: Any])?["code"] as? String == "SERVER_UNREACHABLE")
    }

    @Test("N1: SIGKILL while selling offline, over and over: every sale that succeeded survives, no number twice, all reach the server once")
    func killedWhileSelling() async throws {
        try await LiveServer.with(clock: SharedClock(system: ())) { server in
            let caja = try await loggedIn(server)
            defer { caja.remove() }
            let on = try await caja.run("offline", "on", "--reason", outageReason, "--accept-terms")
            #expect(on.status == 0, "\(on.stderr)")
            var succeeded: [String: Int] = [:]   // id -> number
            var killed = 0
            for round in 0..<24 {
                let (process, out, err) = try caja.start(["sell", "7501", "--json"])
                if round % 2 == 1 {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 2...60)))
                    kill(process.processIdentifier, SIGKILL)
                }
                let data = await CajaProcess.finish(process, out, err).stdout
                if process.terminationReason == .uncaughtSignal { killed += 1; continue }
                guard process.terminationStatus == 0,
                      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let id = object["id"] as? String, let number = object["number"] as? Int else {
                    Issue.record("a sale that was not killed failed: \(String(decoding: data, as: UTF8.self))")
                    continue
                }
                succeeded[id] = number
            }
            #expect(succeeded.count >= 12)
            // The journal where the command line put it by default: beside the home.
            let register = try Register(RegisterConfiguration(home: caja.home))
            #expect(register.configuration.journalDirectory.path == caja.home.path + "-journal")
            let stored = try register.store.documents()
            let storedIDs = Set(stored.map { $0.document.id.uuidString })
            #expect(Set(succeeded.keys).isSubset(of: storedIDs), "a confirmed sale is missing after the kills")
            #expect(Set(stored.map(\.document.issuance.number.value)).count == stored.count, "a number was used twice")
            #expect(Set(succeeded.values).count == succeeded.count)
            #expect(try register.store.journal.entries().count == stored.count)

            let off = try await caja.run("offline", "off", "--json")
            #expect(off.status == 0, "\(off.stderr)")
            let onServer = try await ServerView(server: server).documents().filter { $0.emission == .contingency }
            #expect(onServer.count == stored.count)
            #expect(Set(onServer.map(\.id.uuidString)) == storedIDs)
            print("kill loop: \(killed) killed, \(succeeded.count) confirmed, \(stored.count) stored")
        }
    }
}
