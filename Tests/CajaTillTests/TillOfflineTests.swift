import CajaRegister
import CajaTill
import Foundation
import Testing

@Suite("Modo offline on the till screen")
struct TillOfflineTests {
    @Test("O1: the till refuses offline activation by a register that never logged in online")
    func offlineNeedsLogin() async throws {
        try await withTill { _, _, till in
            let answer = try await till.activate()
            #expect(answer.status == 409)
            #expect(answer.code == "NOT_LOGGED_IN")
        }
    }

    @Test("O2/O3: the till refuses offline activation without acceptance or with a short reason; with both the banner says MODO OFFLINE")
    func activationNeedsAcceptance() async throws {
        try await withTill { server, _, till in
            #expect(try await till.login(server).status == 200)
            let refused = try await till.activate(accept: false)
            #expect(refused.status == 409)
            #expect(refused.code == "OFFLINE_TERMS_NOT_ACCEPTED")
            #expect((refused.message ?? "").contains("Acepto las condiciones"))
            let short = try await till.call(.post, "/api/offline/on", #"{"reason":"sin red","accept":true}"#)
            #expect(short.status == 422 || short.status == 409, "\(short.text)")
            #expect(try await till.status().json["offline"] as? Bool == false)
            let terms = try await till.call(.get, "/api/terms")
            #expect((terms.string("text") ?? "").contains("24 horas"))
            let on = try await till.activate()
            #expect(on.status == 200, "\(on.text)")
            #expect(on.json["offline"] as? Bool == true)
            #expect((on.string("banner") ?? "").contains("MODO OFFLINE"))
            #expect(on.string("timeLeft") == "24:00")
        }
    }

    @Test("O4-O7: offline the till refuses card, a taxpayer, a 04 note; 01 and 06 in cash are issued in contingency")
    func offlineRestrictions() async throws {
        try await withTill { server, _, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.add("7501").status == 200)
            let online = try await till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            let cufe = (online.json["document"] as? [String: Any])?["cufe"] as? String ?? ""
            #expect(try await till.activate().status == 200)
            #expect(try await till.add("7502").status == 200)
            let card = try await till.call(.post, "/api/pay", #"{"method":"card"}"#)
            #expect(card.status == 409 && card.code == "OFFLINE_PAYMENT_METHOD", "\(card.text)")
            let taxpayer = try await till.call(.post, "/api/pay", #"{"customer":{"ruc":"155596713-2-2015","dv":"59","name":"Cliente S.A."}}"#)
            #expect(taxpayer.status == 409, "\(taxpayer.text)")
            let note04 = try await till.call(.post, "/api/pay", #"{"document":"04","reference":"\#(cufe)"}"#)
            #expect(note04.status == 409 && note04.code == "OFFLINE_DOCUMENT_TYPE", "\(note04.text)")
            // The cart is kept through every refusal.
            #expect((try await till.call(.get, "/api/cart").json["lines"] as? [Any])?.count == 1)
            let sale = try await till.call(.post, "/api/pay", #"{"method":"cash","cash":"5.00"}"#)
            #expect(sale.status == 200, "\(sale.text)")
            #expect((sale.json["document"] as? [String: Any])?["emission"] as? String == "contingency")
            #expect(try await till.add("7503").status == 200)
            let note06 = try await till.call(.post, "/api/pay", #"{"document":"06"}"#)
            #expect(note06.status == 200, "\(note06.text)")
            #expect(try await till.status().int("pending") == 2)
        }
    }

    @Test("O9/O11: server gone, an online sale fails and keeps the cart; offline sales; the probe sends them when it returns; Volver a línea; the Z includes them")
    func outageAndReturn() async throws {
        try await withTill { server, _, till in
            #expect(try await till.login(server).status == 200)
            await server.stop()
            #expect(try await till.add("7501").status == 200)
            let failed = try await till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            #expect(failed.status == 503, "\(failed.text)")
            #expect((failed.message ?? "").contains("Activar modo offline"))
            #expect((try await till.call(.get, "/api/cart").json["lines"] as? [Any])?.count == 1)
            #expect(try await till.activate().status == 200)
            #expect(try await till.call(.post, "/api/pay", #"{"method":"cash"}"#).status == 200)
            for code in ["7502", "7503"] {
                #expect(try await till.add(code).status == 200)
                #expect(try await till.call(.post, "/api/pay", #"{"method":"cash"}"#).status == 200)
            }
            #expect(try await till.status().int("pending") == 3)
            let z = try await till.call(.post, "/api/z-report", "{}")
            #expect(z.status == 409 && z.code == "OFFLINE_Z_REPORT")
            let early = try await till.call(.post, "/api/offline/off", "{}")
            #expect(early.status == 503, "Volver a línea needs the server: \(early.text)")
            await till.service.probe()
            #expect(try await till.status().string("connection") == "down")

            try await server.start()
            let sent = try await eventually {
                await till.service.probe()
                return try await till.status().int("pending") == 0
            }
            #expect(sent)
            let status = try await till.status()
            #expect(status.string("connection") == "ok")
            #expect(status.string("lastContact") != nil)
            let back = try await till.call(.post, "/api/offline/off", "{}")
            #expect(back.status == 200, "\(back.text)")
            #expect(back.json["offline"] as? Bool == false)
            let report = try await till.call(.post, "/api/z-report", "{}")
            #expect(report.status == 200, "\(report.text)")
            #expect((report.string("text") ?? "").contains("En contingencia (offline): 3"))
        }
    }

    @Test("O8: the boot clock ends the 24 h though the wall clock stands still; issuing is blocked with instructions and the cart kept")
    func bootClockEndsWindow() async throws {
        try await withTill { server, harness, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.activate().status == 200)
            #expect(try await till.add("7501").status == 200)
            harness.boot.advance(23 * 3600)
            let status = try await till.status()
            #expect(status.string("timeLeft") == "01:00")
            #expect(try await till.call(.post, "/api/pay", #"{"method":"cash"}"#).status == 200)
            #expect(try await till.add("7502").status == 200)
            harness.boot.advance(3601)
            let blocked = try await till.status()
            #expect(blocked.json["blocked"] as? Bool == true)
            #expect((blocked.string("blockedReason") ?? "").contains("Volver a línea"))
            let refused = try await till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            #expect(refused.status == 409 && refused.code == "OFFLINE_WINDOW_EXPIRED", "\(refused.text)")
            #expect((try await till.call(.get, "/api/cart").json["lines"] as? [Any])?.count == 1)
            // A new till process in the same boot keeps measuring from the activation.
            try await harness.run { again in
                let status = try await again.status()
                #expect(status.json["blocked"] as? Bool == true)
            }
            // Back online ends it: the documents go out, the session closes.
            let back = try await till.call(.post, "/api/offline/off", "{}")
            #expect(back.status == 200, "\(back.text)")
            #expect(back.json["blocked"] as? Bool == false)
        }
    }

    @Test("O8: the wall clock ends the window first when it runs ahead of the boot clock (whichever comes first)")
    func wallClockEndsWindow() async throws {
        try await withTill { server, harness, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.activate().status == 200)
            #expect(try await till.add("7501").status == 200)
            harness.clock.advance(24 * 3600 + 1)
            let refused = try await till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            #expect(refused.status == 409 && refused.code == "OFFLINE_WINDOW_EXPIRED", "\(refused.text)")
            #expect(try await till.status().json["blocked"] as? Bool == true)
        }
    }

    @Test("O8: after a reboot the window continues from what the store's high-water mark says, not from zero")
    func rebootKeepsWindow() async throws {
        try await withTill { server, harness, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.activate().status == 200)
            harness.clock.advance(20 * 3600)
            harness.boot.advance(20 * 3600)
            #expect(try await till.status().string("timeLeft") == "04:00")
            harness.boot.reboot()
            harness.boot.advance(3 * 3600)   // the machine was off for a while; the wall clock did not move
            try await harness.run { again in
                let status = try await again.status()
                #expect(status.string("timeLeft") == "04:00")
            }
            harness.boot.advance(4 * 3600 + 1)
            try await harness.run { again in
                let status = try await again.status()
                #expect(status.json["blocked"] as? Bool == true)
            }
        }
    }
}
