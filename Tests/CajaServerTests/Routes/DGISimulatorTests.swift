import CajaCore
@testable import CajaServer
import CajaTestSupport
import Crypto
import DGISimulator
import Foundation
import Testing

/// Builds signed rFEs, including ones CajaCore refuses to build (each reception rule needs
/// a document that breaks it): a valid document's canonical body is edited, then signed.
struct Forge {
    let signer: FESigner
    let issuer = DemoData.setup.issuer
    let now: Date

    init(now: Date) throws {
        self.now = now
        let credentials = try SigningCredentials.selfSigned(commonName: "Prueba", organization: "Prueba", now: now.addingTimeInterval(-86_400))
        signer = FESigner(credentials: credentials, qrCode: QRCode(secret: SymmetricKey(size: .bits256)))
    }

    var customer: Receiver.Taxpayer {
        Receiver.Taxpayer(taxID: TaxpayerID(kind: .legalEntity, ruc: "155596713-2-2015", dv: "59"), name: "Cliente S.A.",
                          address: issuer.address, location: issuer.location)
    }

    func document(_ type: DocumentType = .invoice, number: Int64 = 1, contingency: Contingency? = nil,
                  receiver: Receiver = .finalConsumer(name: nil), references: [DocumentReference] = []) throws -> FiscalDocument {
        var generator = SystemRandomNumberGenerator()
        let draft = DocumentDraft(id: UUID(), type: type, billingMethod: receiver.isFinalConsumer ? .cashRegister : .fullInvoice,
                                  receiver: receiver,
                                  lines: [LineItem(code: "1", description: "Arroz", quantity: Quantity(2), unitPrice: Money("4.25")!, rate: .general)],
                                  payments: [.cash(Money("20.00")!)], references: references)
        let issuance = Issuance(pointOfSale: try PointOfSale("001"), number: try DocumentNumber(number), issuedAt: now,
                                securityCode: SecurityCode.random(using: &generator), contingency: contingency)
        return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance)
    }

    func reference(to cufe: CUFE) -> DocumentReference {
        DocumentReference(cufe: cufe.value, issuedAt: now, issuerName: issuer.name, issuerTaxID: issuer.taxID)
    }

    /// The signed XML of `document`, its canonical body first passed through `edit`.
    func signed(_ document: FiscalDocument, edit: (String) -> String = { $0 }) throws -> String {
        try signer.sign(rawBody: edit(RFEWriter.unsignedBody(of: document)), cufe: document.cufe,
                        environment: issuer.environment).xml
    }

    var contingency: Contingency { Contingency(start: now.addingTimeInterval(-600), reason: "Sin internet desde las nueve") }
}

extension String {
    /// Removes the first `<name>...</name>` element.
    func removing(element name: String) -> String {
        guard let start = range(of: "<\(name)>"), let end = range(of: "</\(name)>", range: start.upperBound..<endIndex) else { return self }
        return replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
    }

    /// Replaces the text of the first `<name>` element.
    func replacing(element name: String, with text: String) -> String {
        guard let start = range(of: "<\(name)>"), let end = range(of: "</\(name)>", range: start.upperBound..<endIndex) else { return self }
        return replacingCharacters(in: start.upperBound..<end.lowerBound, with: text)
    }
}

@Suite("DGI simulator: reception rules, each with its code")
struct DGISimulatorTests {
    let clock = TestClock()

    func codes(_ edit: @escaping @Sendable (Forge) throws -> String) async throws -> [String] {
        let clock = self.clock
        return try await SimulatorServer.run(DGISimulator(clock: { clock.now })) { server in
            let answer = try await server.send(try edit(try Forge(now: clock.now)))
            return answer.results.map(\.code)
        }
    }

    @Test("a valid document is authorized with a protocol; the same one again gets the same protocol, not a second one")
    func authorizes() async throws {
        let clock = self.clock
        try await SimulatorServer.run(DGISimulator(clock: { clock.now })) { server in
            let forge = try Forge(now: clock.now)
            let xml = try forge.signed(try forge.document())
            let first = try await server.send(xml)
            #expect(first.results.map(\.code) == ["0260"])
            let protocolNumber = try #require(first.authorization)
            #expect(protocolNumber.count == 15)
            let again = try await server.send(xml)
            #expect(again.authorization == protocolNumber)
            let stats = await server.simulator.currentStats()
            #expect(stats.authorized == 1 && stats.resent == 1)
        }
    }

    @Test("0102: a document edited after signing is refused for its signature")
    func signature() async throws {
        let result = try await codes { forge in
            try forge.signed(try forge.document()).replacingOccurrences(of: "<dVTot>9.10</dVTot>", with: "<dVTot>1.10</dVTot>")
        }
        #expect(result == ["0102"])
    }

    @Test("0103: a CUFE whose check digit or fields do not match is refused")
    func cufe() async throws {
        let badDigit = try await codes { forge in
            let document = try forge.document()
            var cufe = document.cufe.value
            let last = cufe.removeLast()
            return try forge.signed(document) { $0.replacing(element: "dId", with: cufe + (last == "1" ? "2" : "1")) }
        }
        #expect(badDigit == ["0103"])
        let otherNumber = try await codes { forge in try forge.signed(try forge.document()) { $0.replacing(element: "dNroDF", with: "0000000002") } }
        #expect(otherNumber == ["0103"])
    }

    @Test("0104: totals that are not the sum of the items are refused")
    func totals() async throws {
        let result = try await codes { forge in try forge.signed(try forge.document()) { $0.replacing(element: "dTotNeto", with: "8.00") } }
        #expect(result == ["0104"])
    }

    @Test("1505: later authorization (contingency) for a taxpayer receiver")
    func rule1505() async throws {
        let result = try await codes { forge in
            let document = try forge.document(receiver: .taxpayer(forge.customer))
            return try forge.signed(document) {
                $0.replacing(element: "iTpEmis", with: "04")
                    .replacingOccurrences(of: "<iDoc>", with: "<dFechaCont>\(PanamaTime.dgiTimestamp(forge.contingency.start))</dFechaCont><dMotCont>\(forge.contingency.reason)</dMotCont><iDoc>")
            }
        }
        #expect(result.contains("1505"))
    }

    @Test("1506: contingency without dFechaCont")
    func rule1506() async throws {
        let result = try await codes { forge in
            try forge.signed(try forge.document(contingency: forge.contingency)) { $0.removing(element: "dFechaCont") }
        }
        #expect(result == ["1506"])
    }

    @Test("1507: dFechaCont later than dFechaEm")
    func rule1507() async throws {
        let result = try await codes { forge in
            try forge.signed(try forge.document(contingency: forge.contingency)) {
                $0.replacing(element: "dFechaCont", with: PanamaTime.dgiTimestamp(forge.now.addingTimeInterval(60)))
            }
        }
        #expect(result == ["1507"])
    }

    @Test("1508: more than 72 hours in contingency when it reaches the DGI")
    func rule1508() async throws {
        let clock = self.clock
        try await SimulatorServer.run(DGISimulator(clock: { clock.now })) { server in
            let forge = try Forge(now: clock.now)
            let xml = try forge.signed(try forge.document(contingency: forge.contingency))
            clock.advance(72 * 3600)   // 72 h + the 10 min the contingency began before: too long
            #expect(try await server.send(xml).results.map(\.code) == ["1508"])
        }
    }

    @Test("1509: contingency without dMotCont")
    func rule1509() async throws {
        let result = try await codes { forge in
            try forge.signed(try forge.document(contingency: forge.contingency)) { $0.removing(element: "dMotCont") }
        }
        #expect(result == ["1509"])
    }

    @Test("1513: a second document with the same number (another CUFE) is a duplicate")
    func rule1513() async throws {
        let clock = self.clock
        try await SimulatorServer.run(DGISimulator(clock: { clock.now })) { server in
            let forge = try Forge(now: clock.now)
            #expect(try await server.send(try forge.signed(try forge.document(number: 7))).results.map(\.code) == ["0260"])
            #expect(try await server.send(try forge.signed(try forge.document(number: 7))).results.map(\.code) == ["1513"])
        }
    }

    @Test("1705: a 04 credit note without a reference")
    func rule1705() async throws {
        let result = try await codes { forge in
            let invoice = try forge.document()
            let note = try forge.document(.creditNote, references: [forge.reference(to: invoice.cufe)])
            return try forge.signed(note) { $0.removing(element: "gDFRef") }
        }
        #expect(result == ["1705"])
    }

    @Test("1706: a generic 06 credit note that references an FE")
    func rule1706() async throws {
        let result = try await codes { forge in
            let invoice = try forge.document()
            let note = try forge.document(.creditNote, references: [forge.reference(to: invoice.cufe)])
            return try forge.signed(note) { $0.replacing(element: "iDoc", with: "06") }
        }
        #expect(result.contains("1706"))
    }

    @Test("1712: a credit note that references another credit note")
    func rule1712() async throws {
        let result = try await codes { forge in
            let invoice = try forge.document()
            let firstNote = try forge.document(.creditNote, references: [forge.reference(to: invoice.cufe)])
            let note = try forge.document(.creditNote, number: 2, references: [forge.reference(to: invoice.cufe)])
            return try forge.signed(note) { $0.replacing(element: "dCUFERef", with: firstNote.cufe.value) }
        }
        #expect(result == ["1712"])
    }

    @Test("the request and the answer validate against the DGI's feRecepFE and ProtProcesFE schemas")
    func messagesValidate() async throws {
        let forge = try Forge(now: clock.now)
        let request = DGIMessages.request(signedXML: try forge.signed(try forge.document()), environment: "2", messageID: 42)
        let body = try #require(request.range(of: "<feDatosMsg").map { request[$0.lowerBound...] })
        let datos = String(body[..<body.range(of: "</feDatosMsg>")!.upperBound])
        let schemas = URL(fileURLWithPath: XMLTools.schemaDirectory)
        let sent = try XMLTools.validate(datos, schema: schemas.appendingPathComponent("feRecepFE_v1.00.xsd").path)
        #expect(sent.status == 0, "\(sent.output)")
        let answer = DGIMessages.response(.init(messageID: "42", environment: "2", cufe: nil, processedAt: PanamaTime.dgiTimestamp(clock.now),
                                                authorization: "202600000000001", digestValue: "x",
                                                results: [.init(code: "0260", message: "Autorizado el uso de la FE")]))
        let prot = try #require(answer.range(of: "<rProtFe").map { answer[$0.lowerBound...] })
        let protocolXML = String(prot[..<prot.range(of: "</rProtFe>")!.upperBound]).replacingOccurrences(of: " xmlns=\"\"", with: "")
        let received = try XMLTools.validate(protocolXML, schema: schemas.appendingPathComponent("ProtProcesFE_v1.00.xsd").path)
        #expect(received.status == 0, "\(received.output)")
    }
}
