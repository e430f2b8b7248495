import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

@Suite("Bad input gets a 4xx naming the problem, never a 500, and nothing half-stored")
struct InputValidationTests {
    func post(_ server: TestServer, _ uri: String, token: String?, _ body: String) async throws -> APIResponse {
        try await server.request(.post, uri, token: token, json: Data(body.utf8))
    }

    @Test("malformed JSON, wrong types, missing and unknown fields", arguments: Backend.allCases)
    func malformed(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let id = UUID().uuidString
            let cases: [(String, String, String?)] = [
                ("/v1/documents", "{not json", nil),
                ("/v1/documents", "", nil),
                ("/v1/documents", #"{"id":"\#(id)","type":"01","billingMethod":"caja_registradora","receiver":{"finalConsumer":{}},"lines":[{"description":"Arroz","quantity":2,"unitPrice":"1.00","unitDiscount":"0","rate":"01"}],"payments":[{"method":"02","amount":"5.00"}],"references":[]}"#, "lines[0].quantity"),
                ("/v1/documents", #"{"id":"\#(id)","type":"99","billingMethod":"caja_registradora","receiver":{"finalConsumer":{}},"lines":[],"payments":[],"references":[]}"#, "type"),
                ("/v1/documents", #"{"id":"\#(id)","type":"01"}"#, "billingMethod"),
                ("/v1/documents", #"{"id":"\#(id)","type":"01","billingMethod":"caja_registradora","receiver":{"finalConsumer":{}},"lines":[{"description":"Arroz","quantity":"2","unitPrice":"1.005","unitDiscount":"0","rate":"01"}],"payments":[{"method":"02","amount":"5.00"}],"references":[]}"#, "lines[0].unitPrice"),
                ("/v1/documents", #"{"id":"\#(id)","type":"01","billingMethod":"caja_registradora","receiver":{"finalConsumer":{}},"lines":[{"description":"Arroz","quantity":"2","unitPrice":"1.00","unitDiscount":"0","rate":"01","colour":"red"}],"payments":[{"method":"02","amount":"5.00"}],"references":[]}"#, "lines[0].colour"),
                ("/v1/sessions", #"{"user":"cajero","password":"cajero1234","pointOfSale":"001","device":"x","admin":true}"#, "admin"),
                ("/v1/blocks", #"{"type":"01","size":"many"}"#, "size"),
                ("/v1/sync", #"{"sessions":[],"grants":[],"documents":{}}"#, "documents"),
            ]
            for (uri, body, field) in cases {
                let response = try await post(server, uri, token: token, body)
                #expect(response.status == .badRequest, "\(uri) \(body.prefix(60)): \(response.status.code) \(response.text)")
                #expect(response.error?.code == "INVALID_REQUEST")
                if let field { #expect(response.error?.field == field, "\(body.prefix(80)) -> \(response.text)") }
            }
            let list = try await server.request(.get, "/v1/documents", token: token).decode(DocumentPage.self)
            #expect(list.items.isEmpty)
        }
    }

    @Test("a huge body is refused with 413 before it is read whole", arguments: Backend.allCases)
    func hugeBody(_ backend: Backend) async throws {
        try await TestServer.run(backend, configure: { $0.maxBodySize = 64 * 1024 }) { server in
            let token = try await server.login()
            let huge = #"{"sessions":[],"grants":[],"documents":[],"pad":""# + String(repeating: "x", count: 200_000) + #""}"#
            let response = try await post(server, "/v1/sync", token: token, huge)
            #expect(response.status == .contentTooLarge)
            #expect(response.error?.code == "BODY_TOO_LARGE")
        }
    }

    @Test("domain rules answer 422 with the rule's code and field; nothing is stored or numbered", arguments: Backend.allCases)
    func domainRules(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            var noPayment = Sales.cash()
            noPayment.payments = [.cash(Money("1.00")!)]
            let short = try await server.issue(noPayment, token: token)
            #expect(short.status == .unprocessableContent)
            #expect(short.error?.code == "INSUFFICIENT_PAYMENT")
            #expect(short.error?.field == "payments")
            var generic = Sales.cash(type: .genericCreditNote)
            generic.references = [DocumentReference(cufe: "FE011000008-PE-3824-00523-2800012017071500000151340010117450183432",
                                                    issuedAt: Date(), issuerName: "Otro", issuerTaxID: TaxpayerID(kind: .natural, ruc: "8-888-888", dv: "01"))]
            let referenced = try await server.issue(generic, token: token)
            #expect(referenced.error?.code == "REFERENCE_NOT_ALLOWED")
            // Nothing was numbered: the next valid document is number 1.
            #expect(try await server.issue(Sales.cash(), token: token).decode(DocumentDetail.self).summary.number == 1)
            let blocks = try await server.send(.post, "/v1/blocks", token: token, BlockRequest(type: .creditNote))
            #expect(blocks.status == .unprocessableContent)
            #expect(blocks.error?.field == "type")
            let big = try await server.send(.post, "/v1/blocks", token: token, BlockRequest(type: .invoice, size: 100_000))
            #expect(big.error?.code == "INVALID_BLOCK_SIZE")
        }
    }

    @Test("an admin without a device session cannot issue or reserve blocks: 422 naming pointOfSale", arguments: Backend.allCases)
    func deviceRequired(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let response = try await server.issue(Sales.cash(), token: admin)
            #expect(response.status == .unprocessableContent)
            #expect(response.error?.code == "DEVICE_SESSION_REQUIRED")
            #expect(try await server.request(.get, "/v1/documents/not-a-uuid", token: admin).status == .notFound)
        }
    }

    @Test("a key sent twice is refused naming it (other parsers keep the other value); escaped twins count too",
          arguments: [#""unitPrice":"0.01","unitPrice":"5.99""#, #""unitPrice":"0.01","unit\u0050rice":"5.99""#])
    func duplicateKeys(_ prices: String) async throws {
        try await TestServer.run(.sqlite) { server in
            let token = try await server.login()
            let body = #"{"id":"\#(UUID())","type":"01","billingMethod":"caja_registradora","receiver":{"finalConsumer":{}},"lines":[{"description":"Arroz","quantity":"2",\#(prices),"unitDiscount":"0","rate":"01"}],"payments":[{"method":"02","amount":"50.00"}],"references":[]}"#
            let response = try await server.request(.post, "/v1/documents", token: token, json: Data(body.utf8))
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.error?.field == "lines[0].unitPrice")
            #expect(try await server.request(.get, "/v1/documents", token: token).decode(DocumentPage.self).items.isEmpty)
        }
    }

    @Test("invisible and direction characters are refused in codes and device names (U+202E, U+200F)", arguments: Backend.allCases)
    func hiddenCharacters(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            var draft = Sales.cash()
            draft.lines[0].code = "75\u{202E}01"
            let response = try await server.issue(draft, token: token)
            #expect(response.status == .unprocessableContent)
            #expect(response.error?.code == "INVALID_TEXT" && response.error?.field == "lines[0].code")
            let login = try await server.send(.post, "/v1/sessions", token: nil,
                                              SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja\u{200F}-1"))
            #expect(login.status == .unprocessableContent)
            #expect(login.error?.field == "device")
            #expect(try await server.request(.get, "/v1/documents", token: token).decode(DocumentPage.self).items.isEmpty)
        }
    }

    @Test("a JSON body under another Content-Type, or none, is refused with 415")
    func contentType() async throws {
        try await TestServer.run(.sqlite) { server in
            let token = try await server.login()
            let body = try StrictJSON.encoder.encode(Sales.cash())
            for type in ["text/plain", "application/x-www-form-urlencoded", nil] {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                if let type { headers[.contentType] = type }
                let status = try await server.client.execute(uri: "/v1/documents", method: .post, headers: headers,
                                                             body: ByteBuffer(bytes: body)) { $0.status }
                #expect(status == .unsupportedMediaType, "\(type ?? "none")")
            }
            let withCharset = try await server.client.execute(uri: "/v1/documents", method: .post,
                                                              headers: [.authorization: "Bearer \(token)", .contentType: "application/json; charset=utf-8"],
                                                              body: ByteBuffer(bytes: body)) { $0.status }
            #expect(withCharset == .created)
        }
    }

    @Test("references[].issuedAt with fractional seconds (a valid date-time per openapi.yaml) is accepted", arguments: Backend.allCases)
    func fractionalSeconds(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let invoice = try await server.issue(Sales.cash(), token: token).decode(DocumentDetail.self)
            let issuer = try await server.catalog(token: token).issuer
            var note = Sales.cash(type: .creditNote)
            let issued = try #require(PanamaTime.parseDGITimestamp(invoice.summary.issuedAt))
            note.references = [DocumentReference(cufe: invoice.summary.cufe, issuedAt: issued,
                                                 issuerName: issuer.name, issuerTaxID: issuer.taxID)]
            var text = String(decoding: try StrictJSON.encoder.encode(note), as: UTF8.self)
            let whole = try #require(text.range(of: #""issuedAt":"[^"]*Z""#, options: .regularExpression))
            text.replaceSubrange(whole, with: String(text[whole].dropLast(2)) + #".250Z""#)
            #expect(text.contains(".250Z"))
            let response = try await server.request(.post, "/v1/documents", token: token, json: Data(text.utf8))
            #expect(response.status == .created, "\(response.text)")
        }
    }

    @Test("escapes the decoder never reads cannot crash the duplicate-key check: a high surrogate before a non-surrogate, lone halves, truncation",
          arguments: [#"{"user":"a","password":"b","x":"\ud800\u0041"}"#, #"{"user":"a","password":"b","x":"\udc00"}"#,
                      #"{"user":"a","password":"b","x":"\ud800"}"#, #"{"user":"a","password":"b","x":"\ud83d\ude00"}"#,
                      #"{"user":"a","password":"b","x":"\u12"#])
    func hostileEscapes(_ body: String) async throws {
        try await TestServer.run(.sqlite) { server in
            let response = try await server.request(.post, "/v1/sessions", json: Data(body.utf8))
            #expect(response.status == .badRequest, "\(body): \(response.text)")
            #expect(try await server.request(.get, "/health").status == .ok)
        }
    }
}
