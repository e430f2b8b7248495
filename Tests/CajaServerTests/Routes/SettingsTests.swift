import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

/// A company's users and products from its admin (issue 14, item 2), each change in the audit
/// log in its own transaction; supervisors read, cashiers cannot, nobody sees another company's.
@Suite("Settings: users, products and the audit log")
struct SettingsTests {
    @Test("an admin adds a cashier who can then log in at a till; disabling ends the cashier's session at once; the last admin stays",
          arguments: Backend.allCases)
    func users(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let created = try await server.send(.post, "/v1/admin/users", token: admin,
                                                UserRequest(username: "maria", password: "clave-de-maria", role: .cashier))
            #expect(created.status == .created, "\(created.text)")
            let maria = try await server.login("maria", "clave-de-maria", point: "002", device: "caja-maria")
            #expect(try await server.request(.get, "/v1/catalog", token: maria).status == .ok)

            let taken = try await server.send(.post, "/v1/admin/users", token: admin,
                                              UserRequest(username: "cajero", password: "otra-clave-larga", role: .cashier))
            #expect(taken.status == .conflict && taken.text.contains("USERNAME_TAKEN"))
            let short = try await server.send(.post, "/v1/admin/users", token: admin,
                                              UserRequest(username: "pedro", password: "corta", role: .cashier))
            #expect(short.status == .unprocessableContent && short.text.contains("PASSWORD_TOO_SHORT"))

            let disabled = try await server.request(.post, "/v1/admin/users/maria/disable", token: admin, json: Data("{}".utf8))
            #expect(disabled.status == .ok, "\(disabled.text)")
            #expect(try disabled.decode(UserView.self).active == false)
            #expect(try await server.request(.get, "/v1/catalog", token: maria).status == .unauthorized, "the session ended at once")
            let again = try await server.send(.post, "/v1/sessions", token: nil,
                                              TestDevices.sign(SessionRequest(user: "maria", password: "clave-de-maria", pointOfSale: "002",
                                                                              device: "caja-maria"), at: server.clock.now))
            #expect(again.status == .unauthorized && again.text.contains("INVALID_CREDENTIALS"))

            let last = try await server.request(.post, "/v1/admin/users/admin/disable", token: admin, json: Data("{}".utf8))
            #expect(last.status == .conflict && last.text.contains("LAST_ADMIN"))
            let users = try await server.request(.get, "/v1/admin/users", token: admin).decode([UserView].self)
            #expect(users.contains(UserView(username: "maria", role: .cashier, active: false)))
            #expect(users.contains(UserView(username: "admin", role: .admin, active: true)))
        }
    }

    @Test("a price change reaches the catalog and never an issued document; a deactivated product leaves the catalog; every change is in the audit log with before and after",
          arguments: Backend.allCases)
    func products(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let cashier = try await server.login()
            let sold = try await server.issue(Sales.cash(), token: cashier)   // 7501 at 4.25
            #expect(sold.status == .created)
            let soldID = try sold.decode(DocumentDetail.self).summary.id

            let new = Product(code: "9001", name: "Clavos 1 lb", price: Money(cents: 150), rate: .general)
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, new).status == .created)
            server.clock.advance(1)   // the log is newest first; changes within one second have no set order
            #expect(try await server.send(.post, "/v1/admin/products", token: admin, new).status == .conflict)
            let dearer = Product(code: "7501", name: "Arroz 5 lb", price: Money(cents: 499), rate: .exempt)
            let changed = try await server.send(.put, "/v1/admin/products/7501", token: admin, dearer)
            server.clock.advance(1)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try await server.send(.put, "/v1/admin/products/7502", token: admin, dearer).status == .badRequest)
            #expect(try await server.send(.put, "/v1/admin/products/0000", token: admin,
                                          Product(code: "0000", name: "X", price: .zero, rate: .exempt)).status == .notFound)
            let negative = try await server.send(.post, "/v1/admin/products", token: admin,
                                                 Product(code: "9002", name: "Malo", price: Money(cents: -1), rate: .exempt))
            #expect(negative.status == .unprocessableContent)
            #expect(try await server.request(.post, "/v1/admin/products/7506/deactivate", token: admin, json: Data("{}".utf8)).status == .ok)

            let catalog = try await server.catalog(token: cashier)
            #expect(catalog.products.first { $0.code == "7501" }?.price == Money(cents: 499))
            #expect(catalog.products.contains { $0.code == "9001" })
            #expect(!catalog.products.contains { $0.code == "7506" }, "a deactivated product leaves the registers' catalog")
            let document = try await server.request(.get, "/v1/documents/\(soldID)", token: cashier).decode(DocumentDetail.self)
            #expect(document.document.draft.lines[0].unitPrice == Money("4.25")!, "an issued document keeps its price")

            let audit = try await server.request(.get, "/v1/admin/audit", token: admin).decode([AuditEntry].self)
            #expect(audit.map(\.action) == ["product.deactivate", "product.update", "product.create"])
            let update = try #require(audit.first { $0.action == "product.update" })
            #expect(update.actor == "admin" && update.subject == "7501")
            #expect(update.before?.contains("4.25") == true && update.after?.contains("4.99") == true, "\(update)")
            #expect(try await server.request(.get, "/v1/admin/audit?action=product.create", token: admin).decode([AuditEntry].self).count == 1)
        }
    }

    @Test("role × route × company: a cashier reaches no setting, a supervisor reads but cannot change, another company's admin sees only its own",
          arguments: Backend.allCases)
    func matrix(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let roles = try await RoleTokens.make(server)
            let (cashier, supervisor, other) = (roles.cashier, roles.supervisor, roles.other)
            let product = Product(code: "9100", name: "Tornillo", price: Money(cents: 10), rate: .general)
            let user = UserRequest(username: "nuevo", password: "una-clave-larga", role: .cashier)
            try await roles.expectReadOnly(["/v1/admin/users", "/v1/admin/products", "/v1/admin/audit"], on: server)
            for token in [cashier, supervisor] {
                #expect(try await server.send(.post, "/v1/admin/products", token: token, product).status == .forbidden)
                #expect(try await server.send(.put, "/v1/admin/products/7501", token: token,
                                              Product(code: "7501", name: "Arroz", price: .zero, rate: .exempt)).status == .forbidden)
                #expect(try await server.request(.post, "/v1/admin/products/7501/deactivate", token: token, json: Data("{}".utf8)).status == .forbidden)
                #expect(try await server.send(.post, "/v1/admin/users", token: token, user).status == .forbidden)
                #expect(try await server.request(.post, "/v1/admin/users/cajero/disable", token: token, json: Data("{}".utf8)).status == .forbidden)
            }
            // The other company's admin: its own lists only, and the demo's names are not its own.
            let theirs = try await server.request(.get, "/v1/admin/users", token: other).decode([UserView].self)
            #expect(theirs.map(\.username) == ["otra-admin"])
            #expect(try await server.request(.get, "/v1/admin/products", token: other).decode(ProductPage.self).items.isEmpty)
            #expect(try await server.request(.post, "/v1/admin/users/cajero/disable", token: other, json: Data("{}".utf8)).status == .notFound)
            #expect(try await server.request(.post, "/v1/admin/products/7501/deactivate", token: other, json: Data("{}".utf8)).status == .notFound)
            #expect(try await server.request(.get, "/v1/admin/audit", token: other).decode([AuditEntry].self).isEmpty)
        }
    }
}

extension SettingsTests {
    @Test("Configuración in the panel: an admin adds a product and a cashier, changes a price and sees it in the bitácora; a refused form keeps what was typed; a supervisor only reads",
          arguments: Backend.allCases)
    func panel(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = PanelBrowser(server)
            #expect(try await admin.login().status == .seeOther)
            #expect(try await admin.get("/panel/configuracion").status == .seeOther)
            let page = try await admin.get("/panel/configuracion/productos")
            #expect(page.status == .ok && page.body.contains("Agregar producto") && page.body.contains("/panel/configuracion/bitacora"))
            let csrf = try #require(PanelBrowser.csrf(in: page.body))
            let added = try await admin.post("/panel/configuracion/productos",
                                             ["_csrf": csrf, "codigo": "9300", "nombre": "Brocha 2 pulgadas", "precio": "3,75", "tasa": "01"])
            #expect(added.status == .ok && added.body.contains("Producto agregado.") && added.body.contains("Brocha 2 pulgadas"))
            let bad = try await admin.post("/panel/configuracion/productos",
                                           ["_csrf": csrf, "codigo": "9301", "nombre": "Lija fina", "precio": "tres", "tasa": "01"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("El monto no es válido") && bad.body.contains("Lija fina"))
            let priced = try await admin.post("/panel/configuracion/productos/9300",
                                              ["_csrf": csrf, "nombre": "Brocha 2 pulgadas", "precio": "4.10", "tasa": "01"])
            #expect(priced.status == .ok && priced.body.contains("B/. 4.10"))
            #expect(try await admin.get("/panel/configuracion/bitacora").body.contains("Producto cambiado"))
            let unconfirmed = try await admin.post("/panel/configuracion/productos/9300/desactivar", ["_csrf": csrf])
            #expect(unconfirmed.status == .badRequest && unconfirmed.body.contains("confirmar"), "no ticked box, no deactivation")
            #expect(try await server.catalog(token: try await server.login("cajero", "cajero1234", point: "001", device: "caja-9300"))
                .products.contains { $0.code == "9300" })
            let user = try await admin.post("/panel/configuracion/usuarios",
                                            ["_csrf": csrf, "usuario": "lucia", "rol": "cashier", "clave": "clave-de-lucia"])
            #expect(user.status == .ok && user.body.contains("lucia") && !user.body.contains("clave-de-lucia"))
            #expect(try await admin.post("/panel/configuracion/productos", ["codigo": "9302", "nombre": "x", "precio": "1", "tasa": "01"])
                .status == .forbidden, "no CSRF token, no change")
            // The cashier made in the panel sells the product made in the panel, at its new price.
            let lucia = try await server.login("lucia", "clave-de-lucia", point: "001", device: "caja-lucia")
            #expect(try await server.catalog(token: lucia).products.first { $0.code == "9300" }?.price == Money("4.10")!)

            let supervisor = PanelBrowser(server)
            #expect(try await supervisor.login("supervisor", "supervisor1234").status == .seeOther)
            let readOnly = try await supervisor.get("/panel/configuracion/productos")
            #expect(readOnly.status == .ok && readOnly.body.contains("Solo lectura") && !readOnly.body.contains("Agregar producto"))
            let token = try #require(PanelBrowser.csrf(in: readOnly.body))
            let refused = try await supervisor.post("/panel/configuracion/productos",
                                                    ["_csrf": token, "codigo": "9303", "nombre": "x", "precio": "1", "tasa": "01"])
            #expect(refused.status == .forbidden)
        }
    }
}
