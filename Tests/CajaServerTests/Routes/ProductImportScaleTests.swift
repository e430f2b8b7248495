import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

/// Issue 14, *Scale* (50,000 products): the import's faster pieces keep the slow ones' results —
/// the search words of an ASCII text folded by its bytes, the CSV read by its bytes, the rows
/// sent as one JSON bind — an import leaves unchanged rows alone, and a search's page is
/// ordered and limited among the words; on both databases where a database is involved.
@Suite("Product import and search at scale: the same results by cheaper paths (issue 14, Scale)")
struct ProductImportScaleTests {
    /// The words as Foundation's locale folding gives them: the path every non-ASCII text takes.
    static func foldedByFoundation(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "es_PA"))
        var seen = Set<String>()
        return folded.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
            .map { String($0.lowercased().prefix(SearchWords.maxLength)) }
            .filter { seen.insert($0).inserted }
    }

    @Test("Scale: an ASCII text's search words, folded by its bytes, are Foundation's folding of it")
    func asciiWords() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019 -_./,;:\"'()&%#@!?+*=~`^|\\{}[]<>\t")
        var texts = ["Café", "ARROZ Estrella 5 lb", "7501-A", "leche  deslac.", "", "   ", "A" + String(repeating: "b", count: 60),
                     "jabón BAÑO", "x1y2Z3", "--", "Agua 1,5 L (6 u.)"]
        for _ in 0..<300 {
            texts.append(String((0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            #expect(SearchWords.words(text) == Self.foldedByFoundation(text), "«\(text)»")
        }
        #expect(SearchWords.words("Café con LECHE café") == ["cafe", "con", "leche"], "accents folded, repeats once")
        #expect(SearchWords.of(code: "7501-A", barcode: "77-01", name: "Té verde") == ["7501", "a", "77", "01", "te", "verde", "7501a", "7701"])
    }

    @Test("Scale: the CSV read by bytes keeps every field, the rows' line numbers with \\n, \\r\\n and \\r, quoted breaks and quotes, accents beside separators")
    func csvBytes() {
        let text = "codigo;nombre\r\nA1;Ñandú;\r\n\"B\"\"2\";\"dos\r\nlíneas\"\rC3;é\n\nD4;\"x\"y\n  \"E5\";ü;"
        let records = ProductCSV.split(Substring(text), separator: ";")
        #expect(records.map(\.line) == [1, 2, 3, 5, 7, 8])
        #expect(records.map(\.fields) == [["codigo", "nombre"], ["A1", "Ñandú", ""], ["B\"2", "dos\r\nlíneas"], ["C3", "é"],
                                          ["D4", "xy"], ["  \"E5\"", "ü", ""]])
        #expect(ProductCSV.trimmed("  Café \t") == "Café" && ProductCSV.trimmed("Café") == "Café" && ProductCSV.trimmed("\u{00A0}x") == "x")
        #expect(ProductCSV.parsePrice("1,25") == Money(cents: 125) && ProductCSV.parsePrice("3") == Money(cents: 300))
        #expect(ProductCSV.parsePrice("1.234,50") == nil && ProductCSV.parsePrice("-1") == nil)
        guard case .failure(let refusal) = ProductCSV.read("codigo;nombre;precio;itbms\r\nA;Uno;1;00\r\n\"B\r\nB\";Dos;x;00\r\n") else {
            Issue.record("a bad price was read")
            return
        }
        #expect(Set(refusal.problems.map(\.row)) == [3], "the row's first line, counted through a quoted break")
    }

    @Test("Scale: re-importing a file writes only what changed — counts, catalog version and the registers' delta", arguments: Backend.allCases)
    func unchangedRowsStay(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (admin, cashier) = (try await server.adminToken(), try await server.login())
            let rows = (0..<30).map { String(format: "Q%03d;77%05d;Queso %03d;%d,50;01;kg", $0, $0, $0, $0 + 1) }
            let file = "codigo;codigo_barras;nombre;precio;itbms;unidad\n" + rows.joined(separator: "\n")
            let first = try await ProductCatalogTests.importCSV(server, file, token: admin)
            #expect(try first.decode(ProductImportResult.self) == ProductImportResult(created: 30, updated: 0, unchanged: 0), "\(first.text)")
            let v1 = try #require(try await CatalogDeltaTests.catalog(server, since: nil, token: cashier).version)

            let again = try await ProductCatalogTests.importCSV(server, file, token: admin)
            #expect(try again.decode(ProductImportResult.self) == ProductImportResult(created: 0, updated: 0, unchanged: 30))
            let same = try await CatalogDeltaTests.catalog(server, since: v1, token: cashier)
            #expect(same.version == v1 && same.isDelta && same.products.isEmpty, "nothing written, no new version")

            var changed = rows
            changed[7] = "Q007;7700007;Queso 007 fresco;9,99;01;kg"
            let third = try await ProductCatalogTests.importCSV(server, "codigo;codigo_barras;nombre;precio;itbms;unidad\n" + changed.joined(separator: "\n"),
                                                                token: admin)
            #expect(try third.decode(ProductImportResult.self) == ProductImportResult(created: 0, updated: 1, unchanged: 29))
            let delta = try await CatalogDeltaTests.catalog(server, since: v1, token: cashier)
            #expect(delta.isDelta && delta.products == [Product(code: "Q007", name: "Queso 007 fresco", price: Money(cents: 999),
                                                                 rate: .general, barcode: "7700007", unit: "kg")])
            #expect(try await ProductCatalogTests.codes(server, search: "fresco", token: admin) == ["Q007"], "its words replaced")
            #expect(try await ProductCatalogTests.codes(server, search: "queso 008", token: admin) == ["Q008"], "the others' words kept")
            let audit = try await server.request(.get, "/v1/admin/audit?action=product.import", token: admin).decode([AuditEntry].self)
            #expect(audit.count == 3 && audit.contains { $0.after?.contains("\"unchanged\":30") == true }, "every import is in the bitácora")
        }
    }

    @Test("Scale: a search whose words match more than a page pages through every match once, in code order, with one word or several",
          arguments: Backend.allCases)
    func searchPages(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            // Each product has two words beginning "kefir" (kefir, kefirado) and, every third, "entera".
            let rows = (0..<130).map { "L\(String(format: "%03d", 129 - $0)),Kefir kefirado \($0 % 3 == 0 ? "entera" : "descremada") \($0),1.00,00" }
            #expect(try await ProductCatalogTests.importCSV(server, "codigo,nombre,precio,itbms\n" + rows.joined(separator: "\n"), token: admin).status == .ok)
            for (query, expected) in [("kef", 130), ("kefir ent", 44), ("ent kef l0", 34)] {
                var seen: [String] = [], after: String?
                repeat {
                    let page = try await ProductCatalogTests.page(server, "q=\(query.replacingOccurrences(of: " ", with: "+"))&limit=20"
                                                                    + (after.map { "&after=\($0)" } ?? ""), token: admin)
                    #expect(page.items.count <= 20)
                    seen += page.items.map(\.product.code)
                    after = page.next
                } while after != nil && seen.count < 500
                #expect(seen.count == expected && Set(seen).count == seen.count && seen == seen.sorted(), "\(query): \(seen)")
            }
        }
    }
}
