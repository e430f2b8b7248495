import CajaCore
@testable import CajaServer
import CajaTestSupport
import Foundation
import Hummingbird
import Testing

/// *Configuración › Empresa* (issue 14, item 2): the company's data from its admin, under
/// `/v1/admin/company` and in the panel; the DV checked with the DGI's algorithm, the
/// location from its catalog, production only with the company's own certificate.
@Suite("Settings: the company (Empresa)")
struct CompanySettingsTests {
    static func edited(_ view: CompanyView) -> CompanySettings {
        var settings = view.settings
        settings.address = "Avenida Balboa, local 7"
        settings.locationCode = "8-8-9"
        settings.phones = ["507-9876", "6123-4567"]
        settings.email = "ventas@ferreteria-real.com.pa"
        return settings
    }

    @Test("Empresa via API: a wrong DV or unknown location is a 422 naming the field and stores nothing; a good edit is audited, changes the catalog's ETag, and the next document carries it and validates (XSD)",
          arguments: Backend.allCases)
    func api(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let cashier = try await server.login()
            let before = try await server.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self)
            #expect(before.settings.ruc == "155704849-2-2021" && before.settings.dv == "32" && !before.ownCertificate)
            let etag = try #require(try await server.request(.get, "/v1/catalog", token: cashier).headers[.eTag])

            var wrong = Self.edited(before)
            wrong.dv = "33"
            let refused = try await server.send(.put, "/v1/admin/company", token: admin, wrong)
            #expect(refused.status == .unprocessableContent && refused.error?.code == "WRONG_DV" && refused.error?.field == "dv", "\(refused.text)")
            var nowhere = Self.edited(before)
            nowhere.locationCode = "8-8-99"
            let unknown = try await server.send(.put, "/v1/admin/company", token: admin, nowhere)
            #expect(unknown.error?.code == "UNKNOWN_LOCATION" && unknown.error?.field == "locationCode", "\(unknown.text)")
            var badMail = Self.edited(before)
            badMail.email = "ventas@"
            #expect(try await server.send(.put, "/v1/admin/company", token: admin, badMail).error?.field == "email")
            let typo = try await server.request(.put, "/v1/admin/company", token: admin,
                                                json: Data(#"{"tradeName":"X","direccion":"Y"}"#.utf8))
            #expect(typo.status == .badRequest)
            #expect(try await server.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self) == before, "nothing stored")
            #expect(try await server.request(.get, "/v1/admin/audit?action=company.update", token: admin).decode([AuditEntry].self).isEmpty)

            let saved = try await server.send(.put, "/v1/admin/company", token: admin, Self.edited(before))
            #expect(saved.status == .ok, "\(saved.text)")
            let after = try saved.decode(CompanyView.self)
            #expect(after.location == Location(code: "8-8-9", corregimiento: "SAN FRANCISCO", district: "PANAMA", province: "PANAMA"))
            let audit = try await server.request(.get, "/v1/admin/audit?action=company.update", token: admin).decode([AuditEntry].self)
            #expect(audit.count == 1 && audit[0].actor == "admin")
            #expect(audit[0].before?.contains("Calle 50") == true && audit[0].after?.contains("Avenida Balboa") == true, "\(audit)")

            let catalog = try await server.request(.get, "/v1/catalog", token: cashier)
            #expect(catalog.headers[.eTag] != etag, "registers see the new issuer data")
            #expect(try catalog.decode(CatalogResponse.self).issuer.address == "Avenida Balboa, local 7")
            let draft = Sales.cash()
            #expect(try await server.issue(draft, token: cashier).status == .created)
            try await server.drainQueue()   // the DGI queue signs it (issue 16, item 2)
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: cashier).text
            #expect(xml.contains("<dDirecEm>Avenida Balboa, local 7</dDirecEm>") && xml.contains("<dCodUbi>8-8-9</dCodUbi>"))
            #expect(xml.contains("<dCorElectEmi>ventas@ferreteria-real.com.pa</dCorElectEmi>") && xml.contains("<dTfnEm>6123-4567</dTfnEm>"))
            let schema = try XMLTools.validate(xml)
            #expect(schema.status == 0, "xmllint: \(schema.output)")
        }
    }

    @Test("two servers on one PostgreSQL: after an Empresa edit on one, the other's next online document carries it, though it had the old issuer cached (the version read with the token, issue 16 item 3)")
    func editSeenByOtherServer() async throws {
        try await SharedDatabase.twoServers { first, second in
            let cashier = try await second.login()
            let old = Sales.cash()
            #expect(try await second.issue(old, token: cashier).status == .created)   // caches the issuer on the second server
            let admin = try await first.adminToken()
            let before = try await first.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self)
            #expect(try await first.send(.put, "/v1/admin/company", token: admin, Self.edited(before)).status == .ok)
            let draft = Sales.cash()
            #expect(try await second.issue(draft, token: cashier).status == .created)
            let detail = try await second.detail(draft.id, token: cashier)
            #expect(detail.document.issuer.address == "Avenida Balboa, local 7", "\(detail.document.issuer)")
            #expect(try await second.detail(old.id, token: cashier).document.issuer.address != "Avenida Balboa, local 7")
        }
    }

    @Test("production is refused while the company signs with Caja's provisional (self-issued) certificate, and accepted with one an authority issued",
          arguments: Backend.allCases)
    func production(_ backend: Backend) async throws {
        let issued = try TestAuthority.issue(subject: "/CN=Ferreteria Real S.A./O=Ferreteria Real")
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            var settings = try await server.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self).settings
            settings.environment = .production
            let refused = try await server.send(.put, "/v1/admin/company", token: admin, settings)
            #expect(refused.status == .unprocessableContent && refused.error?.code == "PRODUCTION_NEEDS_CERTIFICATE", "\(refused.text)")
            #expect(refused.error?.field == "environment")
            // A self-issued certificate uploaded by the admin is not the company's own either.
            let selfIssued = try SigningCredentials.selfSigned(commonName: "Yo Mismo", organization: "Yo", now: server.clock.now)
            #expect(try await server.send(.put, "/v1/company/credentials", token: admin,
                                          CredentialsUpload(certificatePEM: selfIssued.certificatePEM, privateKeyPEM: selfIssued.privateKeyPEM)).status == .ok)
            #expect(try await server.send(.put, "/v1/admin/company", token: admin, settings).error?.code == "PRODUCTION_NEEDS_CERTIFICATE")

            let upload = try await server.send(.put, "/v1/company/credentials", token: admin,
                                               CredentialsUpload(certificatePEM: issued.certificate, privateKeyPEM: issued.key))
            #expect(upload.status == .ok, "\(upload.text)")
            let accepted = try await server.send(.put, "/v1/admin/company", token: admin, settings)
            #expect(accepted.status == .ok, "\(accepted.text)")
            let view = try accepted.decode(CompanyView.self)
            #expect(view.settings.environment == .production && view.ownCertificate)
        }
    }

    @Test("Empresa in the panel: a wrong DV comes back as 422 with the message next to the field and the typed values, nothing stored; a good edit is saved; a supervisor reads without a form",
          arguments: Backend.allCases)
    func panel(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let company = try await Self.demoCompany(server)
            let admin = PanelBrowser(server)
            try await admin.login()
            let configuration = try await admin.get("/panel/configuracion")
            #expect(configuration.status == .seeOther && configuration.location == "/panel/configuracion/empresa")
            let page = try await admin.get("/panel/configuracion/empresa")
            #expect(page.status == .ok && page.body.contains("155704849-2-2021") && page.body.contains("<datalist id=\"ubicaciones\">"))
            #expect(page.body.contains("<option value=\"12-9-2\">COMARCA NGÄBE-BUGLÉ / SANTA CATALINA O CALOVEBORA (BLEDESHIA) / ALTO BILINGUE (GDOGUESHIA)</option>"))
            let csrf = try #require(PanelBrowser.csrf(in: page.body))
            var form = ["_csrf": csrf, "nombre_comercial": "Ferretería Real", "razon_social": "Ferretería Real, S.A.", "tipo": "2",
                        "ruc": "253-92-57027", "dv": "73", "sucursal": "0002", "direccion": "Vía Israel 12", "ubicacion": "8-8-9",
                        "coordenadas": "+8.9824,-79.5199", "telefono": "507-1111", "correo": "", "ambiente": "test"]
            let refused = try await admin.post("/panel/configuracion/empresa", form)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("class=\"field-error\" role=\"alert\">El DV no corresponde a ese RUC"), "the message is next to the field")
            #expect(refused.body.contains("value=\"Vía Israel 12\"") && refused.body.contains("value=\"73\""), "typed values kept")
            #expect(try await server.app.companies.issuer(of: company).address == "Calle 50 y Vía España, Bella Vista")

            form["dv"] = "76"
            let saved = try await admin.post("/panel/configuracion/empresa", form)
            #expect(saved.status == .ok && saved.body.contains("Datos de la empresa guardados."), "\(saved.body)")
            let issuer = try await server.app.companies.issuer(of: company)
            #expect(issuer.address == "Vía Israel 12" && issuer.taxID.dv == "76" && issuer.branch == "0002" && issuer.email == nil)
            #expect(issuer.location.corregimiento == "SAN FRANCISCO")
            #expect(try await admin.get("/panel/configuracion/bitacora").body.contains("Datos de la empresa cambiados"))

            let supervisor = PanelBrowser(server)
            try await supervisor.login("supervisor", "supervisor1234")
            let read = try await supervisor.get("/panel/configuracion/empresa")
            #expect(read.status == .ok && read.body.contains("Vía Israel 12") && !read.body.contains("<button type=\"submit\">Guardar"))
            let csrfSupervisor = try #require(PanelBrowser.csrf(in: read.body))
            form["_csrf"] = csrfSupervisor
            form["direccion"] = "Cambiada por el supervisor"
            #expect(try await supervisor.post("/panel/configuracion/empresa", form).status == .forbidden)
            #expect(try await server.app.companies.issuer(of: company).address == "Vía Israel 12")
        }
    }

    @Test("role × route × company for Empresa and Certificado: a cashier gets 403, a supervisor reads but cannot change, another company's admin sees its own",
          arguments: Backend.allCases)
    func matrix(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let roles = try await RoleTokens.make(server)
            let (cashier, supervisor, other) = (roles.cashier, roles.supervisor, roles.other)
            let settings = try await server.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self).settings
            let credentials = try SigningCredentials.selfSigned(commonName: "X", organization: "X", now: server.clock.now)
            let upload = CredentialsUpload(certificatePEM: credentials.certificatePEM, privateKeyPEM: credentials.privateKeyPEM)
            try await roles.expectReadOnly(["/v1/admin/company", "/v1/company/credentials"], on: server)
            for token in [cashier, supervisor] {
                #expect(try await server.send(.put, "/v1/admin/company", token: token, settings).status == .forbidden)
                #expect(try await server.send(.put, "/v1/company/credentials", token: token, upload).status == .forbidden)
            }
            let theirs = try await server.request(.get, "/v1/admin/company", token: other).decode(CompanyView.self)
            #expect(theirs.settings.tradeName == "Otra Tienda" && theirs.settings.address == "Calle 1")
            var changed = theirs.settings
            changed.address = "Calle 2"
            #expect(try await server.send(.put, "/v1/admin/company", token: other, changed).status == .ok)
            #expect(try await server.request(.get, "/v1/admin/company", token: admin).decode(CompanyView.self).settings.address
                    == "Calle 50 y Vía España, Bella Vista", "the other company's change is its own")

            let cashierPanel = PanelBrowser(server)
            try await cashierPanel.login("cajero", "cajero1234")
            for path in ["/panel/configuracion/empresa", "/panel/configuracion/certificado"] {
                #expect(try await cashierPanel.get(path).status != .ok, "cashier \(path)")
            }
        }
    }

    static func demoCompany(_ server: TestServer) async throws -> UUID {
        let row = try await server.app.database.read { db in try await db.raw("SELECT id FROM companies WHERE name = 'Abarrotes La Esquina (DEMO)'").first() }
        let id = try #require(row).decode(column: "id", as: String.self)
        return try #require(UUID(uuidString: id))
    }
}

/// A certificate authority made with OpenSSL for one test: a key and a certificate it
/// issued (not self-issued, as the DGI's production needs).
enum TestAuthority {
    static func issue(subject: String, days: Int = 365) throws -> (certificate: String, key: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caja-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"), "-subj",
             "/CN=Autoridad de Prueba/O=Pruebas", "-days", "3650"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("key.pem"), "-out", path("req.csr"), "-subj", subject],
            ["x509", "-req", "-in", path("req.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
             "-out", path("cert.pem"), "-days", "\(days)"],
        ]
        for step in steps {
            let result = try XMLTools.run("openssl", step)
            guard result.status == 0 else { throw CajaError.invalidRequest("openssl: \(result.output)") }
        }
        return (try String(contentsOfFile: path("cert.pem"), encoding: .utf8), try String(contentsOfFile: path("key.pem"), encoding: .utf8))
    }
}
