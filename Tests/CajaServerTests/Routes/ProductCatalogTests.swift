import CajaCore
import CajaTestSupport
@testable import CajaServer
import Foundation
import Hummingbird
import SQLKit
import Testing

/// Issue 14, item 2 *Productos*: the paged search, the product's fields (barcode, unit), the
/// CSV import and export, on both databases.
@Suite("Products: paged search, barcode and unit, CSV import and export")
struct ProductCatalogTests {
    static func importCSV(_ server: TestServer, _ csv: String, token: String) async throws -> APIResponse {
        try await post(server, Data(csv.utf8), token: token, contentType: "text/csv; charset=utf-8")
    }

    static func post(_ server: TestServer, _ body: Data, token: String, contentType: String) async throws -> APIResponse {
        try await server.client.execute(uri: "/v1/admin/products/import", method: .post,
                                        headers: [.contentType: contentType, .authorization: "Bearer \(token)"],
                                        body: ByteBuffer(bytes: body)) { response in
            APIResponse(status: response.status, body: Data(buffer: response.body), headers: response.headers)
        }
    }

    static func page(_ server: TestServer, _ query: String, token: String) async throws -> ProductPage {
        let response = try await server.request(.get, "/v1/admin/products?" + query, token: token)
        #expect(response.status == .ok, "\(query): \(response.text)")
        return try response.decode(ProductPage.self)
    }

    static func codes(_ server: TestServer, search: String, token: String) async throws -> [String] {
        let q = search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? search
        return try await page(server, "q=\(q)&limit=200", token: token).items.map(\.product.code)
    }

    @Test("item 2: keyset pages have no overlap and no gap, also when products are added between pages; the page size is bounded",
          arguments: Backend.allCases)
    func paging(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let rows = (0..<120).map { String(format: "P%03d,Producto %03d,1.00,01", $0, $0) }
            #expect(try await Self.importCSV(server, "codigo,nombre,precio,itbms\n" + rows.joined(separator: "\n"), token: admin).status == .ok)
            var seen: [String] = [], after: String?
            var pages = 0
            repeat {
                let page = try await Self.page(server, "limit=50" + (after.map { "&after=\($0)" } ?? ""), token: admin)
                #expect(page.items.count <= 50)
                seen += page.items.map(\.product.code)
                after = page.next
                pages += 1
                if pages == 1 {
                    // Added after the first page: one after the cursor shows later, one before it never does.
                    let csv = "codigo,nombre,precio,itbms\nP0999,Producto nuevo,1.00,01\nP0300,Producto viejo,1.00,01"
                    #expect(try await Self.importCSV(server, csv, token: admin).status == .ok)
                }
            } while after != nil && pages < 10
            #expect(pages == 3)
            #expect(Set(seen).count == seen.count, "no product on two pages")
            let demo = (7501...7512).map(String.init)
            #expect(Set(seen) == Set(demo + (0..<120).map { String(format: "P%03d", $0) } + ["P0999"]), "no gap")
            #expect(seen == seen.sorted(), "code order")
            #expect(try await server.request(.get, "/v1/admin/products?limit=0", token: admin).status == .badRequest)
            #expect(try await server.request(.get, "/v1/admin/products?limit=201", token: admin).status == .badRequest)
            #expect(try await server.request(.get, "/v1/admin/products?limit=diez", token: admin).status == .badRequest)
            #expect(try await Self.page(server, "", token: admin).items.count == 50, "50 by default")
        }
    }

    @Test("item 2: the search finds by name words without case or accents, by code prefix and by barcode", arguments: Backend.allCases)
    func search(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let scanned = Product(code: "9500", name: "Té verde Ñandú", price: Money(cents: 300), rate: .general,
                                  barcode: "7790001112223", unit: "und")
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, scanned).status == .created)
            #expect(try await Self.codes(server, search: "cafe", token: admin) == ["7504"], "cafe finds Café")
            #expect(try await Self.codes(server, search: "CAFÉ", token: admin) == ["7504"])
            #expect(try await Self.codes(server, search: "mol caf", token: admin) == ["7504"], "every word, each a prefix")
            #expect(try await Self.codes(server, search: "jabon BAÑO", token: admin) == ["7506"])
            #expect(try await Self.codes(server, search: "nandu", token: admin) == ["9500"])
            let prefixed = try await Self.codes(server, search: "750", token: admin)
            #expect(prefixed == (7501...7510).map(String.init), "code prefix 750…, and 7510 by its name's '750 ml'")
            #expect(try await Self.codes(server, search: "751", token: admin) == ["7510", "7511", "7512"])
            #expect(try await Self.codes(server, search: "7511", token: admin) == ["7511"])
            #expect(try await Self.codes(server, search: "7790001112223", token: admin) == ["9500"], "barcode")
            #expect(try await Self.codes(server, search: "779000", token: admin) == ["9500"], "barcode prefix")
            #expect(try await Self.codes(server, search: "zzz", token: admin).isEmpty)
            // A change of name changes what finds it.
            var renamed = scanned
            renamed.name = "Manzanilla"
            #expect(try await server.send(.put, "/v1/admin/products/9500", token: admin, renamed).status == .ok)
            #expect(try await Self.codes(server, search: "te verde", token: admin).isEmpty)
            #expect(try await Self.codes(server, search: "manza", token: admin) == ["9500"])
        }
    }

    @Test("item 2: a barcode is unique in the company; a unit must be in the DGI's catalog and reaches the document's XML (cUnidad), which validates",
          arguments: Backend.allCases)
    func barcodeAndUnit(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let first = Product(code: "9600", name: "Galletas", price: Money(cents: 100), rate: .general, barcode: "123456", unit: "kg")
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, first).status == .created)
            let clash = try await server.send(.post, "/v1/admin/products", token: admin,
                                              Product(code: "9601", name: "Otra", price: .zero, rate: .general, barcode: "123456"))
            #expect(clash.status == .conflict && clash.error?.code == "BARCODE_TAKEN" && clash.error?.field == "barcode")
            var same = first
            same.price = Money(cents: 120)
            #expect(try await server.send(.put, "/v1/admin/products/9600", token: admin, same).status == .ok, "its own barcode is no clash")
            let unit = try await server.send(.post, "/v1/admin/products", token: admin,
                                             Product(code: "9602", name: "Queso", price: .zero, rate: .general, unit: "kilo"))
            #expect(unit.status == .unprocessableContent && unit.error?.code == "INVALID_UNIT" && unit.error?.field == "unit")
            let csv = "codigo,codigo_barras,nombre,precio,itbms\n9603,123456,Pan,1.00,01\n"
            let imported = try await Self.importCSV(server, csv, token: admin)
            #expect(imported.status == .unprocessableContent && imported.text.contains("123456"), "\(imported.text)")

            let cashier = try await server.login()
            let catalog = try await server.catalog(token: cashier)
            let sold = try #require(catalog.products.first { $0.code == "9600" })
            #expect(sold.unit == "kg" && sold.barcode == "123456")
            let draft = DocumentDraft(id: UUID(), type: .invoice, lines: [
                LineItem(code: sold.code, description: sold.name, quantity: Quantity("1.5")!, unitPrice: sold.price, rate: sold.rate, unit: sold.unit),
            ], payments: [.cash(Money("50.00")!)])
            let issued = try await server.issue(draft, token: cashier)
            #expect(issued.status == .created, "\(issued.text)")
            try await server.drainQueue()   // the DGI queue signs it (issue 16, item 2)
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: cashier).text
            #expect(xml.contains("<cUnidad>kg</cUnidad>"))
            let schema = try XMLTools.validate(xml)
            #expect(schema.status == 0, "xmllint: \(schema.output)")
            var badLine = draft
            badLine.id = UUID()
            badLine.lines[0].unit = "kilo"
            let refused = try await server.issue(badLine, token: cashier)
            #expect(refused.status == .unprocessableContent && refused.error?.code == "INVALID_UNIT")
        }
    }

    @Test("item 2: CSV with ';' and comma decimals and a BOM, with ',' and quoted fields; rows create or update by code; one audit entry and one catalog version",
          arguments: Backend.allCases)
    func csvImport(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let cashier = try await server.login()
            let before = try await server.request(.get, "/v1/catalog", token: cashier).headers[.eTag]
            let semicolon = "\u{FEFF}Código;Código de barras;Nombre;Precio;ITBMS;Unidad\r\n"
                + "A1;;Azúcar 2 kg;1,25;00;KG\r\n"
                + "A2;7400000000017;\"Café \"\"Durán\"\" 1 lb\";3,5;7 %;und\r\n"
                + "7501;;Arroz 5 lb;4,60;0;\r\n"
            let first = try await Self.importCSV(server, semicolon, token: admin)
            #expect(first.status == .ok, "\(first.text)")
            #expect(try first.decode(ProductImportResult.self) == ProductImportResult(created: 2, updated: 1))
            let comma = "codigo,nombre,precio,itbms\nB1,\"Sal, 1 lb\",0.45,0\nB2,Aceite,\"2,10\",01\n"
            #expect(try await Self.importCSV(server, comma, token: admin).decode(ProductImportResult.self).created == 2)

            let catalog = try await server.catalog(token: cashier)
            func product(_ code: String) -> Product? { catalog.products.first { $0.code == code } }
            #expect(product("A1") == Product(code: "A1", name: "Azúcar 2 kg", price: Money(cents: 125), rate: .exempt, unit: "kg"))
            #expect(product("A2") == Product(code: "A2", name: "Café \"Durán\" 1 lb", price: Money(cents: 350), rate: .general,
                                             barcode: "7400000000017", unit: "und"))
            #expect(product("7501")?.price == Money(cents: 460), "an existing code is updated")
            #expect(product("B1")?.name == "Sal, 1 lb" && product("B2")?.price == Money(cents: 210))
            #expect(try await server.request(.get, "/v1/catalog", token: cashier).headers[.eTag] != before)

            let audit = try await server.request(.get, "/v1/admin/audit?action=product.import", token: admin).decode([AuditEntry].self)
            #expect(audit.count == 2, "one entry per import, not per row")
            #expect(audit.contains { $0.after?.contains("\"created\":2") == true && $0.after?.contains("\"updated\":1") == true }, "\(audit)")
        }
    }

    @Test("item 2: one bad row anywhere refuses the whole file with 422 and every problem by row and column; nothing is stored",
          arguments: Backend.allCases)
    func csvRefused(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let cashier = try await server.login()
            let version = try await server.request(.get, "/v1/catalog", token: cashier).headers[.eTag]
            let csv = "codigo;nombre;precio;itbms;unidad\n"
                + "C1;Bueno;1,00;01;und\n"
                + "C2;Malo;uno;01;kilo\n"
                + "C3;Bueno también;2;01;\n"
                + "C4;Tasa mala;2;5;\n"
                + "C1;Repetido;1;01;\n"
                + "7501;Arroz 5 lb;9,99;00;\n"
            let refused = try await Self.importCSV(server, csv, token: admin)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            let body = try refused.decode(ProductImportRefusedBody.self)
            #expect(body.error.code == "IMPORT_REFUSED")
            #expect(body.rows.map(\.row) == [3, 3, 5, 6], "\(body.rows)")
            #expect(body.rows.map(\.column) == ["precio", "unidad", "itbms", "codigo"])
            #expect(body.rows[0].message.contains("no es un precio") && body.rows[3].message.contains("fila 2"))
            let catalog = try await server.catalog(token: cashier)
            #expect(!catalog.products.contains { $0.code.hasPrefix("C") }, "nothing stored")
            #expect(catalog.products.first { $0.code == "7501" }?.price == Money(cents: 425), "not even the good rows' updates")
            #expect(try await server.request(.get, "/v1/catalog", token: cashier).headers[.eTag] == version)
            #expect(try await server.request(.get, "/v1/admin/audit?action=product.import", token: admin).decode([AuditEntry].self).isEmpty)

            let header = try await Self.importCSV(server, "codigo;nombre;precio\nX;Y;1\n", token: admin)
            #expect(header.status == .unprocessableContent && header.text.contains("Falta la columna itbms"))
            let latin1 = try await Self.post(server, Data([0x63, 0x61, 0x66, 0xE9, 0x0A]), token: admin, contentType: "text/csv")
            #expect(latin1.status == .unprocessableContent && latin1.text.contains("UTF-8"))
            let json = try await server.request(.post, "/v1/admin/products/import", token: admin, json: Data("{}".utf8))
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test("item 2: export then import is a round trip, and the export reads back unchanged", arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let odd = Product(code: "R1", name: "Pintura \"roja\"; 1 gal, mate", price: Money(cents: 1999), rate: .reduced10,
                              barcode: "555", unit: "gal")
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, odd).status == .created)
            let exported = try await server.request(.get, "/v1/admin/products.csv", token: admin)
            #expect(exported.status == .ok && exported.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(exported.text.hasPrefix("\u{FEFF}codigo,codigo_barras,nombre,precio,itbms,unidad"))
            let again = try await Self.importCSV(server, exported.text, token: admin)
            #expect(try again.decode(ProductImportResult.self) == ProductImportResult(created: 0, updated: 0, unchanged: 13), "\(again.text)")
            #expect(try await server.request(.get, "/v1/admin/products.csv", token: admin).text == exported.text)
            let page = try await Self.page(server, "q=pintura", token: admin)
            #expect(page.items.map(\.product) == [odd])
        }
    }

    @Test("item 2: role × route × company on the new routes: a cashier gets 403, a supervisor reads only, another company's admin sees none",
          arguments: Backend.allCases)
    func matrix(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let roles = try await RoleTokens.make(server)
            let (cashier, supervisor, other) = (roles.cashier, roles.supervisor, roles.other)
            let csv = "codigo,nombre,precio,itbms\nZ1,Z,1,01\n"
            try await roles.expectReadOnly(["/v1/admin/products?q=arroz", "/v1/admin/products.csv"], on: server)
            #expect(try await Self.importCSV(server, csv, token: cashier).status == .forbidden)
            #expect(try await Self.importCSV(server, csv, token: supervisor).status == .forbidden)
            #expect(try await Self.page(server, "q=arroz", token: other).items.isEmpty)
            #expect(try await server.request(.get, "/v1/admin/products.csv", token: other).text
                == "\u{FEFF}codigo,codigo_barras,nombre,precio,itbms,unidad\r\n")
            // Its own import stays its own: the same code in two companies.
            #expect(try await Self.importCSV(server, "codigo,nombre,precio,itbms\n7501,Otro arroz,1,00\n", token: other)
                .decode(ProductImportResult.self).created == 1)
            let admin = try await server.adminToken()
            #expect(try await Self.codes(server, search: "otro", token: admin).isEmpty)
            #expect(try await Self.codes(server, search: "arroz", token: other) == ["7501"])
        }
    }

    @Test("item 2 in the panel: a GET search with a Siguientes link, an edit form for every field, a pasted CSV refused with its rows listed or imported, the export link",
          arguments: Backend.allCases)
    func panel(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = PanelBrowser(server)
            #expect(try await admin.login().status == .seeOther)
            let found = try await admin.get("/panel/configuracion/productos?q=cafe")
            #expect(found.status == .ok && found.body.contains("Café molido 1 lb") && !found.body.contains("Arroz 5 lb"))
            #expect(!found.body.contains("Siguientes"), "one page only")
            let csrf = try #require(PanelBrowser.csrf(in: found.body))
            let rows = (0..<60).map { String(format: "S%03d;Serrucho %03d;1,50;01;und", $0, $0) }
            let refused = try await admin.post("/panel/configuracion/productos/importar",
                                               ["_csrf": csrf, "csv": "codigo;nombre;precio;itbms;unidad\nS900;Malo;x;01;und\n" + rows.joined(separator: "\n")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("import-problems") && refused.body.contains("no es un precio"))
            #expect(refused.body.contains("Serrucho 059"), "the pasted text is kept")
            let imported = try await admin.post("/panel/configuracion/productos/importar",
                                                ["_csrf": csrf, "csv": "codigo;nombre;precio;itbms;unidad\n" + rows.joined(separator: "\n")])
            #expect(imported.status == .ok && imported.body.contains("60 productos nuevos"), "\(imported.body)")
            let first = try await admin.get("/panel/configuracion/productos?q=serrucho")
            #expect(first.body.contains("S049") && !first.body.contains("S050") && first.body.contains("Siguientes"))
            let next = try await admin.get("/panel/configuracion/productos?q=serrucho&after=S049")
            #expect(next.body.contains("S050") && next.body.contains("S059") && !next.body.contains("S049<") && !next.body.contains("Siguientes"))

            let editing = try await admin.get("/panel/configuracion/productos?q=serrucho&editar=S001")
            #expect(editing.body.contains("Editar producto S001") && editing.body.contains("<datalist id=\"unidades\">"))
            let badUnit = try await admin.post("/panel/configuracion/productos/S001",
                                               ["_csrf": csrf, "editar": "S001", "nombre": "Serrucho fino", "codigo_barras": "", "precio": "2,25",
                                                "tasa": "02", "unidad": "kilo"])
            #expect(badUnit.status == .unprocessableContent && badUnit.body.contains("Serrucho fino"), "refused, the typed values kept")
            let saved = try await admin.post("/panel/configuracion/productos/S001",
                                             ["_csrf": csrf, "editar": "S001", "nombre": "Serrucho fino", "codigo_barras": "8800", "precio": "2,25",
                                              "tasa": "02", "unidad": "m"])
            #expect(saved.status == .ok && saved.body.contains("Producto S001 guardado."))
            let api = try await server.adminToken()
            let stored = try await Self.page(server, "q=8800", token: api).items.map(\.product)
            #expect(stored == [Product(code: "S001", name: "Serrucho fino", price: Money(cents: 225), rate: .reduced10, barcode: "8800", unit: "m")])
            let export = try await admin.get("/panel/configuracion/productos.csv")
            #expect(export.status == .ok && export.body.contains("S001,8800,Serrucho fino,2.25,02,m"))
            #expect(try await admin.get("/panel/configuracion/bitacora").body.contains("Productos importados (CSV)"))
        }
    }

    @Test("migration 14: products stored before the search words get them at the next start", arguments: Backend.allCases)
    func indexOlderProducts(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let (database, catalog) = (server.app.database, server.app.repositories.catalog)
            try await database.transaction { db in try await db.raw("DELETE FROM product_words").run() }
            #expect(try await Self.codes(server, search: "cafe", token: admin).isEmpty)
            #expect(try await database.transaction { db in try await catalog.indexUnindexedProducts(db: db) } == 12)
            #expect(try await Self.codes(server, search: "cafe", token: admin) == ["7504"])
            #expect(try await database.transaction { db in try await catalog.indexUnindexedProducts(db: db) } == 0, "once")
        }
    }

    @Test("item 2 in the panel: a CSV chosen as a file (multipart) is imported whole; a file not in UTF-8 is refused naming the fix, nothing stored",
          arguments: Backend.allCases)
    func panelFileImport(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = PanelBrowser(server)
            try await admin.login()
            let csrf = try #require(PanelBrowser.csrf(in: try await admin.get("/panel/configuracion/productos").body))
            let file = Array("\u{FEFF}codigo;nombre;precio;itbms;unidad\n9401;Tornillos 1/2, caja;3,40;01;und\n9402;Brocha 3\";5,10;01;und\n".utf8)
            let imported = try await admin.upload("/panel/configuracion/productos/importar", fields: ["_csrf": csrf], files: ["archivo": file])
            #expect(imported.status == .ok && imported.body.contains("Importación hecha: 2 productos nuevos"), "\(imported.body)")
            let token = try await server.adminToken()
            #expect(try await Self.codes(server, search: "tornillos", token: token) == ["9401"])

            let latin1: [UInt8] = Array("codigo;nombre;precio;itbms\n9403;Ca".utf8) + [0xF1] + Array("a;1,00;01\n".utf8)   // "Caña" in Latin-1
            let refused = try await admin.upload("/panel/configuracion/productos/importar", fields: ["_csrf": csrf], files: ["archivo": latin1])
            #expect(refused.status == .unprocessableContent && refused.body.contains("CSV UTF-8"), "\(refused.body)")
            #expect(try await Self.codes(server, search: "9403", token: token).isEmpty)
            let noToken = try await admin.upload("/panel/configuracion/productos/importar", fields: [:], files: ["archivo": file])
            #expect(noToken.status == .forbidden, "no CSRF token, no import")
        }
    }
}
