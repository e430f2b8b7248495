@testable import CajaCore
import Foundation
import Testing

/// Issue 16: ``FiscalDocument/wireJSON`` writes by hand the bytes `WireJSON.encoder` writes, so
/// a stored document (the register's store and journal, the server's `document_json`) is the
/// same whichever wrote it. Compared byte for byte on the fixtures and on random documents
/// with every optional and variant set and unset; a field added to a document type and not to
/// the writer fails here.
@Suite("A document's JSON written by hand equals the encoder's")
struct WireJSONTests {
    static let pieces = ["a", "Ñ", "é", "&", "<", "\"", "\\", "/", "'", " ", "😀", "1", "-", ".", "ü"]

    static func text(_ generator: inout SeededGenerator, _ length: ClosedRange<Int>) -> String {
        let count = Int.random(in: length, using: &generator)
        var text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
        if text.first == " " || text.last == " " { text = "x" + text.trimmingCharacters(in: .whitespaces) + "x" }
        return text
    }

    static func document(_ generator: inout SeededGenerator, number: Int) throws -> FiscalDocument {
        let rates = ITBMSRate.allCases
        let lines = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
            LineItem(code: Bool.random(using: &generator) ? "C-\(Int.random(in: 1...999, using: &generator))" : nil,
                     description: text(&generator, 2...30),
                     quantity: Quantity(millionths: Int64.random(in: 1...9, using: &generator) * 250_000),
                     unitPrice: Money(cents: Int64.random(in: 100...99_999, using: &generator)),
                     unitDiscount: Money(cents: Int64.random(in: 0...50, using: &generator)),
                     rate: rates.randomElement(using: &generator)!,
                     unit: Bool.random(using: &generator) ? "und" : nil)
        }
        var draft = DocumentDraft(id: UUID(), type: .invoice, lines: lines, payments: [])
        if Bool.random(using: &generator) {
            draft.billingMethod = .fullInvoice
            draft.receiver = Fixtures.customer
        } else {
            draft.receiver = .finalConsumer(name: Bool.random(using: &generator) ? text(&generator, 2...20) : nil)
        }
        let total = draft.totals.total
        draft.payments = Bool.random(using: &generator)
            ? [.cash(total + Money(cents: Int64.random(in: 0...500, using: &generator)))]
            : [Payment(method: .other, amount: total, description: text(&generator, 10...30))]
        if Bool.random(using: &generator) {
            draft.type = .creditNote
            draft.billingMethod = .fullInvoice
            draft.receiver = Fixtures.customer
            let invoice = try Fixtures.onlineTaxpayerInvoice()
            draft.references = [DocumentReference(cufe: invoice.cufe.value, issuedAt: invoice.issuance.issuedAt,
                                                  issuerName: Fixtures.issuer.name, issuerTaxID: Fixtures.issuer.taxID)]
        }
        var issuer = Fixtures.issuer
        issuer.email = Bool.random(using: &generator) ? "ventas@tienda.com.pa" : nil
        issuer.phones = Array(["507-1234", "6123-4567"].prefix(Int.random(in: 1...2, using: &generator)))
        // Fractions of a second, which the encoder's ISO 8601 drops.
        let at = Fixtures.morning.addingTimeInterval(Double(Int.random(in: -40_000_000...40_000_000, using: &generator)) + 0.999)
        let contingency = Bool.random(using: &generator) && draft.receiver.isFinalConsumer
            ? Contingency(start: at.addingTimeInterval(-3600.25), reason: "Sin internet: \(text(&generator, 10...30))") : nil
        let code = String(Int.random(in: 100_000_000...999_999_999, using: &generator))
        return try FiscalDocument(draft: draft, issuer: issuer,
                                  issuance: Fixtures.issuance(number: Int64(number + 1), at: at, contingency: draft.type == .creditNote ? nil : contingency,
                                                              code: code))
    }

    @Test("the fixtures and 400 random documents: the same bytes as WireJSON.encoder, and they decode to the same document")
    func sameBytes() throws {
        var documents = [try Fixtures.offlineInvoice(), try Fixtures.offlineGenericCreditNote(), try Fixtures.onlineTaxpayerInvoice()]
        documents.append(try Fixtures.creditNote(referencing: documents[2]))
        var failures = 0
        try forAll(400) { generator, index in
            do { documents.append(try Self.document(&generator, number: index)) } catch { failures += 1 }
        }
        #expect(failures < 40, "most random documents are valid ones (\(failures) refused)")
        var variants: Set<String> = []
        for document in documents {
            let expected = try WireJSON.encoder.encode(document)
            let written = document.wireJSON
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            // Read back as the encoder's bytes are (dates to the second, as the encoder writes them).
            #expect(try WireJSON.decoder.decode(FiscalDocument.self, from: written) == WireJSON.decoder.decode(FiscalDocument.self, from: expected))
            let text = String(decoding: written, as: UTF8.self)
            for variant in ["\"contingency\"", "\"email\"", "\"_0\"", "\"finalConsumer\":{}", "\"finalConsumer\":{\"name\"",
                            "\"code\"", "\"unit\"", "\"description\"", "\"references\":[{"] where text.contains(variant) {
                variants.insert(variant)
            }
        }
        #expect(variants.count == 9, "every optional and variant was written at least once: \(variants.sorted())")
    }

    @Test("a sync's body: the same bytes as WireJSON.encoder, with its sessions and grants spliced in")
    func syncRequest() throws {
        var documents: [FiscalDocument] = []
        try forAll(60, seed: 7) { generator, index in
            if let document = try? Self.document(&generator, number: index) { documents.append(document) }
        }
        let session = OfflineSession(id: UUID(), activatedAt: Fixtures.morning, reason: "Sin internet \"/\" ñ", acceptedBy: "cajero",
                                     acceptedAt: Fixtures.morning.addingTimeInterval(1.5), termsVersion: "1")
        let block = NumberBlock(id: UUID(), companyID: UUID(), deviceID: UUID(), pointOfSale: Fixtures.point, type: .invoice,
                                first: 1, last: 500, issuedAt: Fixtures.morning)
        for request in [SyncRequest(sessions: [], grants: [], documents: []),
                        SyncRequest(sessions: [session], grants: [SignedNumberBlock(block: block, signature: "c2ln+/=")],
                                    documents: documents.map { SyncDocument(sessionID: session.id, document: $0) })] {
            let written = try request.wireJSON()
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: try WireJSON.encoder.encode(request), as: UTF8.self))
        }
        #expect(documents.count > 40)
    }

    @Test("N3: a sync cut from the register's stored rows is the same body, byte for byte, as the decoded documents' request; a row without its total is decoded instead")
    func syncCutFromStoredRows() throws {
        var documents: [FiscalDocument] = [try Fixtures.offlineInvoice(), try Fixtures.offlineGenericCreditNote()]
        try forAll(80, seed: 13) { generator, index in
            if let document = try? Self.document(&generator, number: index) { documents.append(document) }
        }
        let session = OfflineSession(id: UUID(), activatedAt: Fixtures.morning, reason: "Sin internet", acceptedBy: "cajero",
                                     acceptedAt: Fixtures.morning, termsVersion: "1")
        let block = NumberBlock(id: UUID(), companyID: UUID(), deviceID: UUID(), pointOfSale: Fixtures.point, type: .invoice,
                                first: 1, last: 500, issuedAt: Fixtures.morning)
        let grants = [SignedNumberBlock(block: block, signature: "c2ln")]
        let expected = try SyncRequest(sessions: [session], grants: grants,
                                       documents: documents.map { SyncDocument(sessionID: session.id, document: $0) }).wireJSON()
        // Rows as the store writes them, every third without its total (stored before the column).
        let stored = documents.enumerated().map { index, document in
            StoredUpload(json: document.wireJSON, sessionID: session.id, total: index % 3 == 0 ? nil : document.totals.total.encoded)
        }
        let cut = try SyncRequest.wireJSON(stored: stored, sessions: [session], grants: grants)
        #expect(String(decoding: cut, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        // A row the cutter cannot read is decoded; one the decoder cannot read either throws.
        var odd = stored[1]
        odd.json = Data(String(decoding: odd.json, as: UTF8.self).replacingOccurrences(of: "{\"cufe\"", with: "{ \"cufe\"").utf8)
        #expect(try SyncRequest.wireJSON(stored: [odd], sessions: [], grants: [])
                == SyncRequest(sessions: [], grants: [], documents: [SyncDocument(sessionID: session.id, document: documents[1])]).wireJSON())
        var broken = stored[1]
        broken.json = Data(broken.json.dropLast())
        #expect(throws: (any Error).self) { try SyncRequest.wireJSON(stored: [broken], sessions: [], grants: []) }
    }

    @Test("a document's answer (DocumentDetail), with and without its optional parts: the same bytes as WireJSON.encoder")
    func detail() throws {
        var generator = SeededGenerator(seed: 11)
        for index in 0..<40 {
            guard let document = try? Self.document(&generator, number: index) else { continue }
            let summary = DocumentSummary(id: document.id, type: document.draft.type, number: document.issuance.number.value,
                                          point: document.issuance.pointOfSale.code, cufe: document.cufe.value,
                                          emission: Emission.allCases.randomElement(using: &generator)!, total: document.totals.total,
                                          issuedAt: "2026-03-14T10:30:00-05:00", dgiStatus: DGIState.allCases.randomElement(using: &generator)!)
            let full = index.isMultiple(of: 2)
            let dgi = DGISubmissionState(status: .authorized, attempts: index, protocolNumber: full ? "P-\(index)" : nil,
                                         authorizedAt: full ? "2026-03-14T10:31:00-05:00" : nil, code: full ? "0260" : nil,
                                         message: full ? "Autorizado \"ok\"" : nil, lastError: full ? "timeout/red" : nil)
            let detail = DocumentDetail(summary: summary, document: document, flags: full ? [.timeOrder, .outsideBlock] : [],
                                        offlineSessionID: full ? UUID() : nil, deviceID: index % 3 == 0 ? UUID() : nil,
                                        qrURL: "https://dgi-fep.mef.gob.pa/Consultas/FacturasPorQR?chFE=\(document.cufe.value)&iAmb=2",
                                        dgi: index % 4 == 1 ? nil : dgi)
            #expect(String(decoding: try detail.wireJSON(), as: UTF8.self) == String(decoding: try WireJSON.encoder.encode(detail), as: UTF8.self))
        }
    }

    @Test("a sync's answer, each status with and without its code, message, flags and summary: the same bytes as WireJSON.encoder")
    func syncResponse() throws {
        var generator = SeededGenerator(seed: 17)
        var results: [SyncResult] = []
        for index in 0..<60 {
            let summary = DocumentSummary(id: UUID(), type: .invoice, number: Int64(index), point: "001", cufe: "FE\(index)",
                                          emission: .contingency, total: Money(cents: Int64(index) * 137),
                                          issuedAt: "2026-03-14T10:30:00-05:00", dgiStatus: DGIState.allCases.randomElement(using: &generator)!)
            results.append(SyncResult(id: UUID(), status: [.accepted, .duplicate, .conflict, .rejected][index % 4],
                                      code: index % 3 == 0 ? "CUFE_MISMATCH" : nil, message: index % 2 == 0 ? "No \"cuadra\" ñ/é" : nil,
                                      flags: index % 5 == 0 ? [.timeOrder] : [], document: index % 4 == 1 ? nil : summary))
        }
        for response in [SyncResponse(results: []), SyncResponse(results: results)] {
            #expect(String(decoding: try response.wireJSON(), as: UTF8.self) == String(decoding: try WireJSON.encoder.encode(response), as: UTF8.self))
        }
    }

    @Test("strings: every control character, quotes, backslashes, slashes and non-ASCII escaped as the encoder does")
    func strings() throws {
        var texts = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["", "\"", "\\", "/", "a/b", "Ñandú 😀", "\u{7F}", "\u{2028}"]
        try forAll(200) { generator, _ in
            texts.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Bool.random(using: &generator) ? Self.pieces.randomElement(using: &generator)! : String(UnicodeScalar(UInt8.random(in: 0..<0x20, using: &generator)))
            }.joined())
        }
        for text in texts {
            var out: [UInt8] = []
            JSONBytes.appendString(text, to: &out)
            #expect(out == Array(try WireJSON.encoder.encode(text)), "\(text.debugDescription)")
        }
    }

    @Test("dates: whole seconds in UTC, as the encoder's ISO 8601, from 1970 to 2100 with fractions")
    func dates() throws {
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 4_107_542_399.999)]
        try forAll(500) { generator, _ in dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))) }
        for date in dates {
            var out = JSONBytes()
            out.date(date)
            #expect(out.bytes == Array(try WireJSON.encoder.encode(date)), "\(date.timeIntervalSince1970)")
        }
    }
}
