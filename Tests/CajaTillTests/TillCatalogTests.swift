import CajaCore
@testable import CajaRegister
import CajaTill
import Foundation
import Testing

/// Issue 14, item 3: a price changed in the panel reaches the till's screen within a minute
/// of it being online, through the background probe's version check.
@Suite("The till sees catalog changes")
struct TillCatalogTests {
    @Test("a new price set on the server is on the till's cart after the probe that follows the check interval; before it, the old one")
    func probeRefreshesCatalog() async throws {
        try await withTill { server, _, till in
            #expect(try await till.login(server).status == 200)
            var admin = ServerClient(baseURL: server.url)
            let session: SessionResponse = try await admin.send(.POST, "/v1/sessions",
                                                                body: SessionRequest(user: "admin", password: "admin1234"))
            admin.token = session.token
            let _: ProductView = try await admin.send(.PUT, "/v1/admin/products/7504",
                                                      body: Product(code: "7504", name: "Café molido 1 lb", price: Money(cents: 649), rate: .general))
            await till.service.probe()
            #expect(try await till.add("7504").string("total") == "6.41", "5.99 + 7 %: within the interval the till keeps its catalog")
            #expect(try await till.call(.delete, "/api/cart").status == 200)
            server.clock.advance(31)
            await till.service.probe()
            #expect(try await till.add("7504").string("total") == "6.94", "6.49 + 7 %: the probe brought the new price")
        }
    }

    @Test("14.3 (Scale): a delta reaches the till's index through the probe: a new price, a new product found by name and scan, a deactivated one gone")
    func probeAppliesDelta() async throws {
        try await withTill { server, _, till in
            #expect(try await till.login(server).status == 200)
            var admin = ServerClient(baseURL: server.url)
            let session: SessionResponse = try await admin.send(.POST, "/v1/sessions",
                                                                body: SessionRequest(user: "admin", password: "admin1234"))
            admin.token = session.token
            let _: ProductView = try await admin.send(.PUT, "/v1/admin/products/7504",
                                                      body: Product(code: "7504", name: "Café molido 1 lb", price: Money(cents: 649), rate: .general))
            let _: ProductView = try await admin.send(.POST, "/v1/admin/products",
                                                      body: Product(code: "9001", name: "Galletas de soda", price: Money(cents: 150), rate: .general,
                                                                    barcode: "7700001"))
            let _: ProductView = try await admin.send(.POST, "/v1/admin/products/7502/deactivate", body: Optional<String>.none)
            server.clock.advance(31)
            await till.service.probe()
            #expect(await till.service.search("galletas").count == 1)
            #expect(await till.service.product("7700001")?.code == "9001", "a scan of its barcode")
            #expect(await till.service.search("leche").isEmpty)
            #expect(await till.service.product("7502") == nil)
            #expect(try await till.add("7504").string("total") == "6.94", "6.49 + 7 %")
        }
    }
}
