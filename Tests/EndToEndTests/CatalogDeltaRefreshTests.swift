import CajaCore
@testable import CajaRegister
import CajaServerTestSupport
import CajaTestSupport
import Foundation
import GRDB
import Testing

/// Issue 14, *Scale*: a register brings only the changes after the catalog it holds
/// (`GET /v1/catalog?since=`) and applies them to its store's product rows in one
/// transaction with the version; it sells from the store, so the new price is the one sold.
@Suite("The register applies catalog deltas (issue 14, Scale)")
struct CatalogDeltaRefreshTests {
    /// The panel's side, through the API as an admin.
    struct Admin {
        let client: ServerClient

        init(_ server: LiveServer) async throws {
            var client = ServerClient(baseURL: server.url)
            client.token = try await client.adminLogin()
            self.client = client
        }

        func save(_ product: Product, creating: Bool = false) async throws {
            let _: ProductView = try await client.send(creating ? .POST : .PUT,
                                                       creating ? "/v1/admin/products" : "/v1/admin/products/\(product.code)", body: product)
        }

        func deactivate(_ code: String) async throws {
            let _: ProductView = try await client.send(.POST, "/v1/admin/products/\(code)/deactivate", body: Optional<String>.none)
        }

        /// The whole catalog as the server has it now.
        func catalog() async throws -> CatalogResponse { try await client.send(.GET, "/v1/catalog", body: Optional<String>.none) }

        func moveAddress(_ address: String) async throws {
            var settings = (try await client.send(.GET, "/v1/admin/company", body: Optional<String>.none) as CompanyView).settings
            settings.address = address
            let _: CompanyView = try await client.send(.PUT, "/v1/admin/company", body: settings)
        }
    }

    static func coffee(_ cents: Int64) -> Product {
        Product(code: "7504", name: "Café molido 1 lb", price: Money(cents: cents), rate: .general)
    }

    static let one = [SaleItem(code: "7504", quantity: Quantity(1))]
    static let milk = [SaleItem(code: "7502", quantity: Quantity(1))]

    @Test("14.3 (Scale): after a delta the register sells at the new price, online and offline, and no longer sells a deactivated product; only the changed rows came")
    func sellsAfterDelta() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let admin = try await Admin(server)
            try await admin.save(Self.coffee(649))
            try await admin.deactivate("7502")
            server.clock.advance(31)
            let before = try opened.store.catalogVersion()
            let update = try await opened.updateCatalog()
            guard case .changes(let from, let to, let products, let removed) = update else {
                Issue.record("expected a delta, got \(update)")
                return
            }
            let after = try opened.store.catalogVersion()
            #expect(from == before && to == after && to != before)
            #expect(products == [Self.coffee(649)] && removed == ["7502"])
            let current = try await admin.catalog()
            #expect(try opened.store.catalogHeader()?.version == current.version)
            #expect(try opened.store.catalog()?.products.count == 11)

            let online = try await opened.sell(Self.one)
            #expect(online.document.draft.lines.first?.unitPrice == Money(cents: 649))
            #expect(await refusal { try await opened.sell(Self.milk) }?.code == "UNKNOWN_PRODUCT")

            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            server.clock.advance(60)
            let offline = try await opened.sell(Self.one)
            #expect(offline.document.draft.lines.first?.unitPrice == Money(cents: 649) && offline.emission.rawValue == "contingency")
            #expect(await refusal { try await opened.sell(Self.milk) }?.code == "UNKNOWN_PRODUCT")
        }
    }

    @Test("14.3 (Scale), N1: the version saved always describes the products saved — a delta whose write fails half-way leaves the old version and the old prices, and the next check applies it whole")
    func oneTransaction() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let admin = try await Admin(server)
            let held = try #require(try opened.store.catalogHeader()?.version)
            let token = try opened.store.catalogVersion()
            try await admin.save(Self.coffee(649))
            try await admin.save(Product(code: "7505", name: "Detergente 2 kg", price: Money(cents: 925), rate: .general))
            // The disk fails at the second row of the delta (7504 is written first: code order).
            try opened.store.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER failing_disk BEFORE UPDATE ON catalog_products WHEN NEW.code = '7505'
                    BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END
                    """)
            }
            server.clock.advance(31)
            #expect(await refusal { try await opened.updateCatalog() }?.code == "STORE_ERROR")
            #expect(try opened.store.catalogHeader()?.version == held && opened.store.catalogVersion() == token)
            let prices = try #require(try opened.store.catalog()).products.reduce(into: [:]) { $0[$1.code] = $1.price }
            #expect(prices["7504"] == Money(cents: 599) && prices["7505"] == Money(cents: 875), "no row of the failed delta stayed")

            try opened.store.write { db in try db.execute(sql: "DROP TRIGGER failing_disk") }
            guard case .changes = try await opened.updateCatalog() else {
                Issue.record("the failed check was not recorded: the next contact asks again, without waiting")
                return
            }
            let server = try await admin.catalog()
            #expect(try opened.store.catalogHeader()?.version == server.version)
            #expect(try opened.store.catalog()?.products == server.products)
        }
    }

    @Test("14.3 (Scale): whatever the changes (prices, new products, deactivations, the issuer's address), the register's catalog after each check is the server's whole catalog of the version it saved")
    func sameAsWhole() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let admin = try await Admin(server)
            var random = SeededRandom(seed: 14)
            var created = 0
            for round in 0..<8 {
                let active = try #require(try opened.store.catalog()).products
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    switch random.next() % 3 {
                    case 0:
                        var product = active[Int(random.next() % UInt64(active.count))]
                        product.price = Money(cents: Int64(random.next() % 10_000))
                        try await admin.save(product)
                    case 1:
                        created += 1
                        try await admin.save(Product(code: "N\(created)", name: "Nuevo \(created)", price: Money(cents: 100), rate: .general,
                                                     barcode: "990\(created)"), creating: true)
                    default:
                        if active.count > 3 { try? await admin.deactivate(active[Int(random.next() % UInt64(active.count))].code) }
                    }
                }
                if round == 5 { try await admin.moveAddress("Vía Argentina \(round)") }
                server.clock.advance(31)
                let update = try await opened.updateCatalog()
                switch update {
                case .changes: #expect(round != 5, "a settings change is answered whole")
                case .whole: #expect(round == 5, "round \(round): a delta was expected")
                case .unchanged: Issue.record("round \(round): nothing saved")
                }
                let whole = try await admin.catalog()
                let saved = try #require(try opened.store.catalog())
                #expect(saved.version == whole.version && saved.products == whole.products && saved.pointsOfSale == whole.pointsOfSale,
                        "round \(round)")
                #expect(saved.issuer.address == whole.issuer.address)
            }
        }
    }

    @Test("14.3 (Scale), N1: a delta reaches the journal's snapshot when an offline session starts, so a store lost mid-outage comes back selling at the new price")
    func recoveredAfterDelta() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            let opened = try await till.login(server)
            let admin = try await Admin(server)
            try await admin.save(Self.coffee(649))
            try await admin.deactivate("7502")
            server.clock.advance(31)
            guard case .changes = try await opened.updateCatalog() else {
                Issue.record("expected a delta")
                return
            }
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            server.clock.advance(60)
            _ = try await opened.sell(Self.one)
            await server.stop()
            try till.deleteHome()

            let fresh = try till.open()
            #expect(try fresh.recover() == 1)
            server.clock.advance(60)
            #expect(try await fresh.sell(Self.one).document.draft.lines.first?.unitPrice == Money(cents: 649))
            #expect(await refusal { try await fresh.sell(Self.milk) }?.code == "UNKNOWN_PRODUCT")
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
