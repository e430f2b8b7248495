import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

@Suite("Bitácora: filtered by area, user and dates (issue 14, item 2)")
struct AuditTests {
    @Test("the API filters the log by area, action, actor and day; a bad filter is a 400 naming it; the panel's form filters the same",
          arguments: Backend.allCases)
    func filters(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let new = Product(code: "9001", name: "Clavos 1 lb", price: Money(cents: 150), rate: .general)
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, new).status == .created)
            server.clock.advance(86_400)   // the next day
            #expect(try await server.send(.post, "/v1/admin/users", token: admin,
                                          UserRequest(username: "lucia", password: "clave-de-lucia", role: .cashier)).status == .created)
            let today = PanamaTime.BusinessDay(containing: server.clock.now).description

            func audit(_ query: String) async throws -> [AuditEntry] {
                try await server.request(.get, "/v1/admin/audit" + query, token: admin).decode([AuditEntry].self)
            }
            #expect(try await audit("").map(\.action) == ["user.create", "product.create"])
            #expect(try await audit("?area=product").map(\.subject) == ["9001"])
            #expect(try await audit("?action=user.create").map(\.subject) == ["lucia"])
            #expect(try await audit("?actor=admin").count == 2)
            #expect(try await audit("?actor=nadie").isEmpty)
            #expect(try await audit("?from=\(today)").map(\.action) == ["user.create"])
            #expect(try await audit("?to=\(today)").count == 2, "a bare date in to is the whole day")
            let bad = try await server.request(.get, "/v1/admin/audit?area=sales", token: admin)
            #expect(bad.status == .badRequest && bad.error?.field == "area")
            #expect(try await server.request(.get, "/v1/admin/audit?from=ayer", token: admin).error?.field == "from")

            let browser = PanelBrowser(server)
            #expect(try await browser.login().status == .seeOther)
            let page = try await browser.get("/panel/configuracion/bitacora?area=user")
            #expect(page.status == .ok && page.body.contains("lucia") && !page.body.contains("9001"))
            #expect(page.body.contains(#"<option value="user" selected>"#))
            let refused = try await browser.get("/panel/configuracion/bitacora?from=ayer")
            #expect(refused.status == .badRequest && refused.body.contains("from"))
        }
    }
}
