import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

/// A shop from an empty server (issue 14, item 1): a server started without demo data and
/// without any company opens a setup page behind a one-time secret printed on its console;
/// the first company is made there (or with `caja-server company create`), and once it exists
/// no request without a login can make or claim another.
@Suite("Setting up a company on an empty server")
struct SetupTests {
    /// A filled setup form, as an owner types it.
    static func form(csrf: String, secret: String, user: String = "duena", password: String = "una-clave-larga") -> [String: String] {
        ["_csrf": csrf, "clave_instalacion": secret, "nombre_comercial": "Ferretería El Tornillo", "razon_social": "El Tornillo, S.A.",
         "tipo": "2", "ruc": "155704849-2-2021", "dv": "32", "sucursal": "0001", "direccion": "Vía Brasil, local 4",
         "ubicacion": "8-8-7", "corregimiento": "BELLA VISTA", "distrito": "PANAMÁ", "provincia": "PANAMÁ",
         "coordenadas": "+8.9824,-79.5199", "telefono": "507-1234", "puntos": "001, 002", "usuario_admin": user,
         "clave_admin": password, "clave_admin2": password]
    }

    static func empty(_ configuration: inout ServerConfiguration) { configuration.seedDemoData = false }

    @Test("an empty server sends the panel to its setup page; a wrong secret or no CSRF token stores nothing; the right one makes the company and its admin, whose login works",
          arguments: Backend.allCases)
    func setup(_ backend: Backend) async throws {
        try await TestServer.run(backend, configure: Self.empty) { server in
            let secret = try #require(server.app.setupSecret)
            let browser = PanelBrowser(server)
            let login = try await browser.get("/panel/login")
            #expect(login.status == .seeOther && login.location == "/panel/configuracion-inicial")
            let page = try await browser.get("/panel/configuracion-inicial")
            #expect(page.status == .ok && page.body.contains("Configuración inicial"))
            let csrf = try #require(PanelBrowser.csrf(in: page.body))

            // The secret never shows on a page or in /metrics.
            #expect(!page.body.contains(secret))
            let metrics = try await server.request(.get, "/metrics")
            #expect(!metrics.text.contains(secret))

            let wrong = try await browser.post("/panel/configuracion-inicial", Self.form(csrf: csrf, secret: "adivinanza"))
            #expect(wrong.status == .forbidden && wrong.body.contains("clave de instalación no es correcta"))
            #expect(wrong.body.contains("Ferretería El Tornillo"), "the input is kept")
            #expect(!wrong.body.contains("una-clave-larga"), "never the password")
            let noToken = try await browser.post("/panel/configuracion-inicial", Self.form(csrf: "x", secret: secret))
            #expect(noToken.status == .forbidden)
            #expect(try await server.app.companies.companyCount() == 0)

            let fresh = try #require(PanelBrowser.csrf(in: try await browser.get("/panel/configuracion-inicial").body))
            let done = try await browser.post("/panel/configuracion-inicial", Self.form(csrf: fresh, secret: secret))
            #expect(done.status == .seeOther && done.location == "/panel/login?empresa=creada", "\(done.body)")
            #expect(try await server.app.companies.companyCount() == 1)
            #expect(try await browser.get("/panel/login?empresa=creada").body.contains("Empresa creada"))
            let session = try await browser.login("duena", "una-clave-larga")
            #expect(session.status == .seeOther && session.location == "/panel")
            let token = try await server.login("duena", "una-clave-larga", point: nil, device: nil)
            let catalog = try await server.catalog(token: token)
            #expect(catalog.pointsOfSale == ["001", "002"] && catalog.issuer.name == "El Tornillo, S.A.")
            #expect(catalog.issuer.environment == .test)
        }
    }

    @Test("once a company exists the setup page is closed to everyone, even with the secret", arguments: Backend.allCases)
    func closed(_ backend: Backend) async throws {
        try await TestServer.run(backend, configure: Self.empty) { server in
            let secret = try #require(server.app.setupSecret)
            let browser = PanelBrowser(server)
            let csrf = try #require(PanelBrowser.csrf(in: try await browser.get("/panel/configuracion-inicial").body))
            #expect(try await browser.post("/panel/configuracion-inicial", Self.form(csrf: csrf, secret: secret)).status == .seeOther)
            let again = try await browser.post("/panel/configuracion-inicial", Self.form(csrf: csrf, secret: secret, user: "intruso"))
            #expect(again.status == .seeOther && again.location == "/panel/login")
            #expect(try await browser.get("/panel/configuracion-inicial").location == "/panel/login")
            // And the service itself refuses a second first setup (two setups racing on one database).
            var registration = SetupTests.registration(user: "otro")
            registration.tradeName = "Segunda"
            await #expect(throws: CajaError.self) { _ = try await server.app.companies.register(registration, firstSetup: true) }
            #expect(try await server.app.companies.companyCount() == 1)
        }
    }

    @Test("a bad value comes back on the form with a Spanish message naming the field, the input kept, nothing stored",
          arguments: Backend.allCases)
    func badInput(_ backend: Backend) async throws {
        try await TestServer.run(backend, configure: Self.empty) { server in
            let secret = try #require(server.app.setupSecret)
            let browser = PanelBrowser(server)
            for (field, value, words) in [("ruc", "no-es-un-ruc", "RUC"), ("sucursal", "1", "sucursal"), ("puntos", "1000", "punto"),
                                          ("clave_admin", "corta", "10 caracteres"), ("telefono", "12", "teléfono")] {
                let csrf = try #require(PanelBrowser.csrf(in: try await browser.get("/panel/configuracion-inicial").body))
                var form = Self.form(csrf: csrf, secret: secret)
                form[field] = value
                if field == "clave_admin" { form["clave_admin2"] = value }
                let page = try await browser.post("/panel/configuracion-inicial", form)
                #expect(page.status == .unprocessableContent, "\(field): \(page.status)")
                #expect(page.body.contains(words), "\(field)")
                #expect(page.body.contains("El Tornillo, S.A."), "\(field): the input is kept")
            }
            let csrf = try #require(PanelBrowser.csrf(in: try await browser.get("/panel/configuracion-inicial").body))
            var mismatch = Self.form(csrf: csrf, secret: secret)
            mismatch["clave_admin2"] = "otra-clave-larga"
            #expect(try await browser.post("/panel/configuracion-inicial", mismatch).body.contains("no coinciden"))
            #expect(try await server.app.companies.companyCount() == 0)
            #expect(server.app.setup.isOpen)
        }
    }

    @Test("login names are unique across companies: a second company cannot reuse one", arguments: Backend.allCases)
    func uniqueNames(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in   // the demo company has 'admin'
            await #expect(throws: CajaError.self) { _ = try await server.app.register(SetupTests.registration(user: "admin")) }
            #expect(try await server.app.companies.companyCount() == 1)
            _ = try await server.app.register(SetupTests.registration(user: "dueno-2"))
            #expect(try await server.app.companies.companyCount() == 2)
            // The demo server never had a setup page.
            #expect(server.app.setupSecret == nil && !server.app.setup.isOpen)
        }
    }

    static func registration(user: String) -> CompanyRegistration {
        CompanyRegistration(tradeName: "Otra Tienda", legalName: "Otra Tienda, S.A.", kind: .legalEntity, ruc: "155704849-2-2021",
                            dv: "32", address: "Calle 1", location: Location(code: "8-8-7", corregimiento: "BELLA VISTA",
                                                                              district: "PANAMÁ", province: "PANAMÁ"),
                            coordinates: "+8.9824,-79.5199", phone: "507-1234", adminUser: user, adminPassword: "una-clave-larga")
    }
}
