import CajaRegister
import CajaTestSupport
import CajaTill
import Foundation
import Testing

@Suite("The till's sales over its JSON API")
struct TillSaleTests {
    @Test("O1: the till sells online after a login through its API; 3*7501 sets the quantity; change and ESC/POS with QR, cut and drawer pulse")
    func onlineCashSale() async throws {
        let printer = FakePrinter()
        let port = try await printer.start()
        defer { Task { await printer.stop() } }
        try await withTill(printer: .tcp(host: "127.0.0.1", port: port), drawer: true) { server, _, till in
            #expect(try await till.status().json["loggedIn"] as? Bool == false)
            let login = try await till.login(server)
            #expect(login.status == 200, "\(login.text)")
            #expect(login.json["loggedIn"] as? Bool == true)
            #expect(try await till.add("3*7501").status == 200)
            #expect(try await till.add("7504").status == 200)
            let cart = try await till.add("7509*1")
            #expect(cart.status == 200)
            let lines = cart.json["lines"] as? [[String: Any]] ?? []
            #expect(lines.count == 3)
            #expect(lines.first?["quantity"] as? String == "3.00")
            #expect(cart.string("total") == "20.21")
            let rates = (cart.json["byRate"] as? [[String: Any]] ?? []).compactMap { $0["percent"] as? Int }
            #expect(rates == [7, 10])

            let sale = try await till.call(.post, "/api/pay", #"{"method":"cash","cash":"25.00"}"#)
            #expect(sale.status == 200, "\(sale.text)")
            let document = sale.json["document"] as? [String: Any] ?? [:]
            #expect(document["change"] as? String == "4.79")
            #expect(document["status"] as? String == "sent")
            #expect(sale.json["printed"] as? Bool == true)
            #expect((sale.string("receipt") ?? "").contains("CUFE"))
            #expect(((sale.json["cart"] as? [String: Any])?["lines"] as? [Any])?.isEmpty == true)

            let bytes = await printer.waitFor(atLeast: 200)
            #expect(Array(bytes.prefix(2)) == [0x1B, 0x40], "ESC @ first")
            #expect(bytes.contains([0x1D, 0x28, 0x6B]), "the printer's own QR (GS ( k)")
            #expect(bytes.contains([0x1D, 0x56]), "the cut (GS V)")
            #expect(bytes.contains([0x1B, 0x70, 0x00]), "the drawer pulse (ESC p) on a cash sale")

            let receipts = try await till.call(.get, "/api/receipts")
            #expect(receipts.list.count == 1)
            printer.reset()
            let reprint = try await till.call(.post, "/api/receipts/01/\(document["number"] as? Int ?? 0)/print", "{}")
            #expect(reprint.json["printed"] as? Bool == true)
            #expect(await printer.waitFor(atLeast: 2).prefix(2) == [0x1B, 0x40])
        }
    }

    @Test("N1: a printer that refuses connections never fails or loses the sale; the screen is told and can reprint")
    func printerOff() async throws {
        let refusing = try LoopbackSocket()   // bound, never listening: the printer refuses
        defer { withExtendedLifetime(refusing) {} }
        try await withTill(printer: .tcp(host: "127.0.0.1", port: refusing.port), drawer: true) { server, harness, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.add("7502").status == 200)
            let sale = try await till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            #expect(sale.status == 200, "\(sale.text)")
            #expect(sale.json["printed"] as? Bool == false)
            #expect((sale.string("printError") ?? "").contains("reimprima"))
            // Stored: in the register's own store, as `caja receipt` would find it.
            let register = try Register(harness.configuration.register)
            #expect(try register.store.documents().count == 1)
            let reprint = try await till.call(.post, "/api/receipts/01/\((sale.json["document"] as? [String: Any])?["number"] as? Int ?? 0)/print", "{}")
            #expect(reprint.status == 200)
            #expect(reprint.json["printed"] as? Bool == false)
        }
    }

    @Test("N1: the cart lives in the register's store: a new till process over the same home finds every line")
    func cartSurvivesRestart() async throws {
        try await withTill { server, harness, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.add("7501").status == 200)
            #expect(try await till.add("2*7505").status == 200)
            let before = try await till.call(.get, "/api/cart")
            try await harness.run { again in
                let after = try await again.call(.get, "/api/cart")
                #expect(after.string("total") == before.string("total"))
                #expect((after.json["lines"] as? [Any])?.count == 2)
                let id = ((after.json["lines"] as? [[String: Any]])?.first?["id"] as? String) ?? ""
                let voided = try await again.call(.delete, "/api/cart/lines/\(id)")
                #expect((voided.json["lines"] as? [Any])?.count == 1)
                #expect((try await again.call(.delete, "/api/cart").json["lines"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("O4-O7 online: the till issues a factura completa to a taxpayer paid by card, a mixed payment, a 04 by CUFE and a 06")
    func fullInvoiceAndCard() async throws {
        try await withTill { server, _, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.add("7504").status == 200)
            let invoice = try await till.call(.post, "/api/pay",
                #"{"method":"card","customer":{"ruc":"155596713-2-2015","dv":"59","name":"Cliente Contribuyente S.A."}}"#)
            #expect(invoice.status == 200, "\(invoice.text)")
            #expect((invoice.string("receipt") ?? "").contains("Cliente Contribuyente"))
            #expect(try await till.add("7501").status == 200)
            let mixed = try await till.call(.post, "/api/pay",
                #"{"method":"mixed","payments":[{"method":"cash","amount":"2.00"},{"method":"card","amount":"2.25"}]}"#)
            #expect(mixed.status == 200, "\(mixed.text)")
            // A credit note (04) correcting the invoice, by its CUFE; and a generic one (06).
            let cufe = (invoice.json["document"] as? [String: Any])?["cufe"] as? String ?? ""
            #expect(try await till.add("7504").status == 200)
            let note = try await till.call(.post, "/api/pay", #"{"document":"04","reference":"\#(cufe)"}"#)
            #expect(note.status == 200, "\(note.text)")
            #expect((note.json["document"] as? [String: Any])?["type"] as? String == "04")
            #expect(try await till.add("7502").status == 200)
            let generic = try await till.call(.post, "/api/pay", #"{"document":"06"}"#)
            #expect((generic.json["document"] as? [String: Any])?["type"] as? String == "06", "\(generic.text)")
            let search = try await till.call(.get, "/api/products?q=cafe")
            #expect(search.list.first?["code"] as? String == "7504", "accents and case ignored")
        }
    }
}
