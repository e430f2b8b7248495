@testable import CajaTill
import Foundation
import Testing

@Suite("Bad input to the till's API")
struct TillInputTests {
    @Test("Bad input is a 4xx JSON answer with a code and a Spanish message, never a crash or a 500")
    func badInput() async throws {
        try await withTill { server, _, till in
            let notJSON = try await till.call(.post, "/api/cart/items", "{code:")
            #expect(notJSON.status == 400 && notJSON.code == "INVALID_JSON")
            let missing = try await till.call(.post, "/api/cart/items", "{}")
            #expect(missing.status == 400 && missing.code == "MISSING_FIELD")
            let form = try await till.call(.post, "/api/cart/items", "code=7501", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            let badLogin = try await till.call(.post, "/api/login", #"{"server":"\#(server.url)","user":"cajero","password":"mal","pos":"001"}"#)
            #expect((400..<500).contains(badLogin.status), "\(badLogin.text)")
            #expect(try await till.login(server).status == 200)
            let unknown = try await till.add("0000")
            #expect(unknown.status == 422 && unknown.code == "UNKNOWN_PRODUCT")
            #expect((unknown.message ?? "").contains("Producto desconocido"))
            for text in ["7501*0", "7501*-1", "7501*abc", "*", "7501**2", "7501*100000"] {
                let bad = try await till.add(text)
                #expect(bad.status == 422, "\(text): \(bad.text)")
            }
            #expect(try await till.call(.post, "/api/pay", #"{"method":"cash"}"#).code == "EMPTY_CART")
            #expect(try await till.add("7501").status == 200)
            let amount = try await till.call(.post, "/api/pay", #"{"method":"cash","cash":"12.345"}"#)
            #expect(amount.status == 422 && amount.code == "INVALID_AMOUNT")
            let short = try await till.call(.post, "/api/pay", #"{"method":"cash","cash":"1.00"}"#)
            #expect((400..<500).contains(short.status), "\(short.text)")
            let method = try await till.call(.post, "/api/pay", #"{"method":"bitcoin"}"#)
            #expect(method.status == 422 && method.code == "INVALID_PAYMENT")
            let type = try await till.call(.post, "/api/pay", #"{"document":"99"}"#)
            #expect(type.status == 422)
            let badCUFE = try await till.call(.post, "/api/pay", #"{"document":"04","reference":"nope"}"#)
            #expect((400..<500).contains(badCUFE.status), "\(badCUFE.text)")
            #expect(try await till.call(.delete, "/api/cart/lines/not-a-uuid").status == 400)
            #expect(try await till.call(.delete, "/api/cart/lines/\(UUID().uuidString)").status == 404)
            #expect(try await till.call(.post, "/api/receipts/01/999999/print", "{}").status == 404)
            #expect(try await till.call(.post, "/api/receipts/77/1/print", "{}").status == 422)
            #expect(try await till.call(.post, "/api/offline/off", "{}").status == 409)
            // Nothing was half-stored: the one line is still the whole cart.
            #expect((try await till.call(.get, "/api/cart").json["lines"] as? [Any])?.count == 1)
        }
    }

    @Test("The page is served from the package: index.html, till.css, till.js")
    func page() async throws {
        try await withTill { _, _, till in
            let index = try await till.call(.get, "/")
            #expect(index.status == 200 && index.text.contains("MODO OFFLINE") && index.text.contains("/till.js"))
            #expect(try await till.call(.get, "/till.js").status == 200)
            #expect(try await till.call(.get, "/till.css").status == 200)
            #expect(!index.text.contains("https://"), "no CDN")
        }
    }
}

@Suite("Who the till answers")
struct TillHostTests {
    @Test("The till answers only requests addressed to this machine (no DNS rebinding from another page)")
    func localOnly() {
        for host in ["127.0.0.1:8765", "localhost:8765", "LOCALHOST", "[::1]:8765", "127.0.0.1"] {
            #expect(TillController.isLocal(host), "\(host)")
        }
        for host in ["127.0.0.1.evil.example:8765", "evil.example", "192.168.1.5:8765", "localhost.evil:80"] {
            #expect(!TillController.isLocal(host), "\(host)")
        }
    }
}
