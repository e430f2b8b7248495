import CajaCore
@testable import CajaRegister
import CajaServerTestSupport
import CajaTestSupport
import Foundation
import Testing

/// Issue 14, item 3: registers see the panel's changes on their next online contact, with one
/// cheap version check; offline they sell at the catalog they have, and the server keeps such
/// a sale at its own lines' prices (N4).
@Suite("Registers see catalog changes (issue 14, item 3)")
struct CatalogRefreshTests {
    /// A new price for coffee (7504, 5.99 in the demo), as an admin sets it in the panel or the API.
    func setCoffeePrice(_ cents: Int64, _ server: LiveServer) async throws {
        var admin = ServerClient(baseURL: server.url)
        admin.token = try await admin.adminLogin()
        let _: ProductView = try await admin.send(.PUT, "/v1/admin/products/7504",
                                                  body: Product(code: "7504", name: "Café molido 1 lb", price: Money(cents: cents), rate: .general))
    }

    func coffeePrice(_ register: Register) throws -> Money? {
        try register.store.catalog()?.products.first { $0.code == "7504" }?.price
    }

    @Test("a price changed on the server reaches the register on its next online contact after the check interval; in between and unchanged, nothing is downloaded")
    func onlineContactRefreshes() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            #expect(try coffeePrice(opened) == Money(cents: 599))
            let version = try opened.store.catalogVersion()

            try await setCoffeePrice(649, server)
            // The login's own sync just checked: within the interval a contact asks nothing.
            #expect(try await opened.refreshCatalog() == false)
            #expect(try coffeePrice(opened) == Money(cents: 599))
            server.clock.advance(31)
            // The sale is at the price the register has; its online contact (the sync after it)
            // brings the new price for the next sale.
            let sold = try await opened.sell(rice)
            #expect(sold.document.totals.total == Money(cents: 1282), "2 × 5.99 + 7 % ITBMS")
            #expect(try coffeePrice(opened) == Money(cents: 649))
            #expect(try opened.store.catalogVersion() != version)

            let saved = try opened.store.catalogVersion()
            server.clock.advance(31)
            #expect(try await opened.refreshCatalog() == false, "unchanged: a 304, nothing saved")
            #expect(try opened.store.catalogVersion() == saved)
            try await setCoffeePrice(675, server)
            server.clock.advance(31)
            #expect(try await opened.refreshCatalog() == true)
            #expect(try coffeePrice(opened) == Money(cents: 675))
        }
    }

    @Test("N4: offline, the register sells at the catalog it has; after a price change on the server the sale syncs, is kept at its own price and shown")
    func offlineSaleAtYesterdaysPrice() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            try await setCoffeePrice(799, server)
            server.clock.advance(60)
            let sold = try await opened.sell(rice)
            #expect(sold.document.totals.total == Money(cents: 1282), "2 × 5.99 + 7 % ITBMS: the price the register had")
            server.clock.advance(60)
            #expect(try await opened.refreshCatalog(force: true) == false, "in modo offline nothing is downloaded")
            #expect(try coffeePrice(opened) == Money(cents: 599))

            let summary = try await opened.sync()
            #expect(summary.sent == 1 && summary.rejected == 0 && summary.conflicts == 0)
            let stored = try await ServerView(server: server).documents().first { $0.id == sold.document.id }
            #expect(stored?.total == Money(cents: 1282))
        }
    }
}
