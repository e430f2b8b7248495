@testable import CajaRegister
import CajaCore
import CajaTestSupport
import Foundation
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
