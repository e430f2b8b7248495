@testable import CajaRegister
import CajaCore
import CajaTestSupport
import Foundation
import GRDB
import Testing

/// The register keeps the decoded catalog between sales (issue 16): a sale never prices from
/// a copy older than the catalog last saved, by this register or another process on the home.
@Suite("The register's cached catalog")
struct CatalogCacheTests {
    static let issuer = Issuer(
        taxID: TaxpayerID(kind: .legalEntity, ruc: "155596713-2-2015", dv: "59"), name: "Abarrotes La Esquina, S.A.",
        branch: "0001", coordinates: "+8.9824,-79.5199", address: "Calle 50, Local 3",
        location: Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMÁ", province: "PANAMÁ"),
        phones: ["507-1234"], environment: .test)

    static let login = RegisterLogin(
        serverURL: "http://127.0.0.1:9", user: "cajero", role: "cashier", token: "t", expiresAt: .distantFuture,
        companyID: UUID(), companyName: "Abarrotes La Esquina", pointOfSale: "001", deviceID: UUID(), deviceName: "caja-1")

    static func catalog(price: String) -> CatalogResponse {
        CatalogResponse(companyID: login.companyID, issuer: issuer, pointsOfSale: ["001"],
                        products: [Product(code: "7504", name: "Café molido 1 lb", price: Money(price)!, rate: .general)])
    }

    /// A register logged in (as a login stores it), holding a block of numbers, offline.
    static func offline(_ home: TestRegister) throws -> Register {
        let register = try home.open()
        try register.store.saveLogin(login, catalog: catalog(price: "1.00"))
        let block = NumberBlock(id: UUID(), companyID: login.companyID, deviceID: login.deviceID, pointOfSale: try PointOfSale("001"),
                                type: .invoice, first: 1, last: 50, issuedAt: home.clock.now)
        try register.store.addBlocks([SignedNumberBlock(block: block, signature: "test")])
        _ = try register.activateOffline(reason: outageReason, acceptTerms: true)
        return register
    }

    func price(_ register: Register) async throws -> Money? {
        try await register.sell([SaleItem(code: "7504", quantity: Quantity(1))]).document.draft.lines.first?.unitPrice
    }

    @Test("A catalog saved by another process on the same home prices the next sale; so does one saved here")
    func refreshedAfterSave() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        #expect(try await price(register) == Money("1.00"))
        #expect(try await price(register) == Money("1.00"))   // from the kept copy

        // `caja login` beside the running till: another Register over the same files.
        try home.open().store.saveLogin(Self.login, catalog: Self.catalog(price: "2.50"))
        #expect(try await price(register) == Money("2.50"))

        try register.store.saveLogin(Self.login, catalog: Self.catalog(price: "3.75"))
        #expect(try await price(register) == Money("3.75"))
        #expect(try register.store.catalog()?.products.first?.price == Money("3.75"))
    }

    @Test("Issue 16, item 1: the catalog's header is decoded once while its text stays; an issuer saved here or by another process is the next sale's")
    func issuerRefreshed() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        func issuerName() async throws -> String {
            try await register.sell([SaleItem(code: "7504", quantity: Quantity(1))]).document.issuer.name
        }
        #expect(try await issuerName() == Self.issuer.name)
        #expect(try await issuerName() == Self.issuer.name, "from the kept header")
        var renamed = Self.catalog(price: "1.00")
        renamed.issuer.name = "Abarrotes La Esquina Dos, S.A."
        try home.open().store.saveLogin(Self.login, catalog: renamed)
        #expect(try await issuerName() == "Abarrotes La Esquina Dos, S.A.", "saved by another Register over the same files")
        renamed.issuer.name = "Abarrotes Tres, S.A."
        try register.store.saveLogin(Self.login, catalog: renamed)
        #expect(try await issuerName() == "Abarrotes Tres, S.A.", "saved here")
    }

    @Test("Issue 16, item 1: the issuer is checked once per catalog saved, and still checked: one the DGI would refuse refuses the offline sale, nothing stored")
    func issuerChecked() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        _ = try await register.sell([SaleItem(code: "7504", quantity: Quantity(1))])
        var broken = Self.catalog(price: "1.00")
        broken.issuer.branch = "01"
        try register.store.saveLogin(Self.login, catalog: broken)
        let error = try await #require(throws: RegisterError.self) {
            try await register.sell([SaleItem(code: "7504", quantity: Quantity(1))])
        }
        #expect(error.errorCode == .invalidBranch)
        #expect(try register.store.pendingCount() == 1)
        try register.store.saveLogin(Self.login, catalog: Self.catalog(price: "1.00"))
        #expect(try await register.sell([SaleItem(code: "7504", quantity: Quantity(1))]).document.issuance.number.value == 2)
    }

    @Test("Every save writes a new catalog version; an erased store has none and no catalog to sell from")
    func versions() throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let store = try home.open().store
        #expect(try store.catalogVersion() == nil)
        try store.saveLogin(Self.login, catalog: Self.catalog(price: "1.00"))
        let first = try store.catalogVersion()
        #expect(first != nil)
        _ = try store.catalog()
        try store.saveLogin(Self.login, catalog: Self.catalog(price: "1.00"))
        #expect(try store.catalogVersion() != first)
        try store.erase()
        #expect(try store.catalogVersion() == nil)
        #expect(try store.catalog() == nil)
    }
}

/// Issue 14, *Scale*: the catalog's products are rows of their own table, so a delta writes
/// only its rows; a store from before keeps its catalog.
@Suite("The register's catalog table")
struct CatalogTableTests {
    @Test("14.3 (Scale): a store that saved its catalog as one value (before the table) opens with the same catalog in the table, and sells from it")
    func migratesOldCatalog() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        var old = CatalogCacheTests.catalog(price: "1.00")
        old.products.append(Product(code: "7505", name: "Detergente 2 kg", price: Money(cents: 875), rate: .general, barcode: "7700", unit: "kg"))
        old.version = "1.7"
        let saved = old
        let store = try home.open().store
        try store.write { db in
            try db.execute(sql: """
                DROP TABLE catalog_products;
                DELETE FROM grdb_migrations WHERE identifier = 'catalog-products-table';
                DELETE FROM state WHERE key IN ('catalogHeader', 'catalogVersion');
                """)
            try RegisterStore.setValue(CatalogCacheTests.login, "login", in: db)
            try RegisterStore.setValue(saved, "catalog", in: db)
        }
        let reopened = try home.open()
        let moved = try #require(try reopened.store.catalog())
        #expect(moved.products == old.products && moved.version == "1.7" && moved.issuer.name == old.issuer.name)
        #expect(try reopened.store.catalogVersion() != nil)
        #expect(try reopened.store.read { db in try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = 'catalog'") } == nil)
        let sale = try #require(try reopened.store.saleCatalog(codes: ["7505", "7505", "nada"]))
        #expect(sale.byCode == ["7505": old.products[1]])
    }
}
