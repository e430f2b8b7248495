import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

/// Issue 14, *Scale* (item 3's refresh at 50,000 products): `GET /v1/catalog?since=<version>`
/// answers only what changed after a version the register holds, or the whole catalog when
/// those changes cannot bring that version up to date; on both databases, over real HTTP.
@Suite("Catalog delta: only the changes after the register's version (issue 14, Scale)")
struct CatalogDeltaTests {
    static func catalog(_ server: TestServer, since: String?, token: String) async throws -> CatalogResponse {
        let uri = since.map { "/v1/catalog?since=\($0)" } ?? "/v1/catalog"
        let response = try await server.request(.get, uri, token: token)
        #expect(response.status == .ok, "\(uri): \(response.text)")
        let answer = try response.decode(CatalogResponse.self)
        #expect(response.headers[.eTag] == "\"\(answer.version ?? "")\"")
        return answer
    }

    static func put(_ product: Product, _ server: TestServer, token: String) async throws {
        let response = try await server.send(.put, "/v1/admin/products/\(product.code)", token: token, product)
        #expect(response.status == .ok, "\(response.text)")
    }

    @Test("14.3 (Scale): a delta holds exactly the products changed after the version asked (a new price, a new product), the deactivated ones as removed, every point of sale and the new version",
          arguments: Backend.allCases)
    func exactChanges(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (admin, cashier) = (try await server.adminToken(), try await server.login())
            let first = try await Self.catalog(server, since: nil, token: cashier)
            #expect(first.delta == nil && first.products.count == 12)
            let v0 = try #require(first.version)

            let dearer = Product(code: "7501", name: "Arroz 5 lb", price: Money(cents: 499), rate: .exempt)
            try await Self.put(dearer, server, token: admin)
            let v1 = try #require(try await Self.catalog(server, since: nil, token: cashier).version)
            let created = Product(code: "9001", name: "Galletas de soda", price: Money(cents: 150), rate: .general, barcode: "7700001")
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, created).status == .created)
            #expect(try await server.request(.post, "/v1/admin/products/7502/deactivate", token: admin).status == .ok)

            let delta = try await Self.catalog(server, since: v0, token: cashier)
            #expect(delta.isDelta && delta.since == v0 && delta.version != v0 && delta.version != v1)
            #expect(delta.products == [dearer, created], "exactly the changed active products, in code order")
            #expect(delta.removed == ["7502"])
            #expect(delta.pointsOfSale == first.pointsOfSale && delta.issuer.name == first.issuer.name && delta.companyID == first.companyID)

            let later = try await Self.catalog(server, since: v1, token: cashier)
            #expect(later.isDelta && later.products == [created] && later.removed == ["7502"], "nothing from before v1")
            let none = try await Self.catalog(server, since: delta.version, token: cashier)
            #expect(none.isDelta && none.products.isEmpty && none.removed == [] && none.version == delta.version)
            let unchanged = try await server.request(.get, "/v1/catalog?since=\(try #require(delta.version))", token: cashier,
                                                     headers: [.ifNoneMatch: "\"\(try #require(delta.version))\""])
            #expect(unchanged.status == .notModified && unchanged.body.isEmpty, "the 304 stays")
        }
    }

    @Test("14.3 (Scale): a CSV import marks every row it writes as changed; a new point of sale is in the next delta with no product",
          arguments: Backend.allCases)
    func importAndPoints(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (admin, cashier) = (try await server.adminToken(), try await server.login())
            let v0 = try #require(try await Self.catalog(server, since: nil, token: cashier).version)
            let csv = "codigo,nombre,precio,itbms\n7503,Pan de molde,2.75,00\n9100,Harina 1 kg,1.10,00\n"
            #expect(try await ProductCatalogTests.importCSV(server, csv, token: admin).status == .ok)
            let imported = try await Self.catalog(server, since: v0, token: cashier)
            #expect(imported.isDelta && imported.products.map(\.code) == ["7503", "9100"] && imported.removed == [])
            #expect(imported.products.first?.price == Money(cents: 275))

            let v1 = try #require(imported.version)
            #expect(try await server.send(.post, "/v1/admin/points", token: admin, PointRequest(code: "003")).status == .created)
            let pointAdded = try await Self.catalog(server, since: v1, token: cashier)
            #expect(pointAdded.isDelta && pointAdded.products.isEmpty && pointAdded.pointsOfSale == ["001", "002", "003"])
        }
    }

    @Test("14.3 (Scale): once the issuer settings changed, a version from before them is answered with the whole catalog",
          arguments: Backend.allCases)
    func settingsChangeIsWhole(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (admin, cashier) = (try await server.adminToken(), try await server.login())
            let v0 = try #require(try await Self.catalog(server, since: nil, token: cashier).version)
            let company = try await server.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self)
            var settings = company.settings
            settings.address = "Avenida Balboa, local 7"
            #expect(try await server.send(.put, "/v1/admin/company", token: admin, settings).status == .ok)
            let whole = try await Self.catalog(server, since: v0, token: cashier)
            #expect(!whole.isDelta && whole.since == nil && whole.removed == nil && whole.products.count == 12)
            #expect(whole.issuer.address == "Avenida Balboa, local 7" && whole.version != v0)
        }
    }

    @Test("14.3 (Scale): a version this company's catalog never had — another company's, a newer one, the two-part version of older servers — is answered with the whole catalog",
          arguments: Backend.allCases)
    func unknownVersionIsWhole(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.login()
            let current = try await Self.catalog(server, since: nil, token: cashier)
            let text = try #require(current.version)
            let known = try #require(try CatalogVersion.since(text))
            var foreign = known
            foreign.company = UUID()
            var newer = known
            newer.catalog += 5
            for since in [foreign.description, newer.description, "\(known.settings).\(known.catalog)", "0.0"] {
                let whole = try await Self.catalog(server, since: since, token: cashier)
                #expect(!whole.isDelta && whole.products.count == 12 && whole.version == current.version, "\(since)")
            }
        }
    }

    @Test("14.3 (Scale): a since that is not a catalog version is a 400 INVALID_CATALOG_VERSION naming the field, never a 500; a blank one is absent",
          arguments: Backend.allCases)
    func badSince(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.login()
            let bad = ["abc", "1", "1.2.3.4", "1.x", "-1.2", "1.2.not-a-uuid", "1..2", "%201.2", "1.2.", ".1.2",
                       "1234567890123456789.1", "1.99999999999999999999", String(repeating: "1", count: 500),
                       "%D9%A1.%D9%A2", "1.2%00", "1.2;DROP%20TABLE%20products"]
            for since in bad {
                let response = try await server.request(.get, "/v1/catalog?since=\(since)", token: cashier)
                #expect(response.status == .badRequest && response.error?.code == "INVALID_CATALOG_VERSION" && response.error?.field == "since",
                        "\(since): \(response.status) \(response.text)")
            }
            let blank = try await server.request(.get, "/v1/catalog?since=", token: cashier)
            #expect(blank.status == .ok)
            #expect(try blank.decode(CatalogResponse.self).products.count == 12)
            #expect(try await server.request(.get, "/v1/catalog?since=1.1", token: nil).status == .unauthorized)
        }
    }

    @Test("14.3 (Scale): migration 17 starts the products stored before it at their company's version, so a register holding an older version gets them all and one holding the current one gets none",
          arguments: Backend.allCases)
    func migrationStartsAtCurrentVersion(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.login()
            let text = try #require(try await Self.catalog(server, since: nil, token: cashier).version)
            let current = try #require(try CatalogVersion.since(text))
            // The database as it was before migration 17, its catalog at version 9.
            try await server.app.database.transaction { db in
                try await db.raw("DROP INDEX products_by_change").run()
                try await db.raw("ALTER TABLE products DROP COLUMN changed_version").run()
                try await db.raw("DELETE FROM schema_migrations WHERE version = 17").run()
                try await db.raw("UPDATE companies SET catalog_version = 9").run()
            }
            try await Migrator.migrate(server.app.database, logger: TestServer.logger)
            var older = current
            older.catalog = 8
            var held = current
            held.catalog = 9
            let all = try await Self.catalog(server, since: older.description, token: cashier)
            #expect(all.isDelta && all.products.count == 12)
            let none = try await Self.catalog(server, since: held.description, token: cashier)
            #expect(none.isDelta && none.products.isEmpty && none.version == held.description)
        }
    }
}
