import CajaCore
@testable import CajaServer
import CajaTestSupport
import Foundation
import Hummingbird
import Testing

/// *Configuración › Certificado* (issue 14, item 2): the certificate's subject, issuer and
/// validity; an upload from a browser form (multipart, PEM or PKCS#12); the warning 30 days
/// before it expires.
@Suite("Settings: the certificate (Certificado)")
struct CertificateSettingsTests {
    @Test("the page shows subject, issuer and validity to an admin and a supervisor; the upload form is the admin's",
          arguments: Backend.allCases)
    func page(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let info = try await server.request(.get, "/v1/company/credentials", token: try await server.adminToken()).decode(CredentialsInfo.self)
            let admin = PanelBrowser(server)
            try await admin.login()
            let page = try await admin.get("/panel/configuracion/certificado")
            #expect(page.status == .ok)
            #expect(page.body.contains("Abarrotes La Esquina") && page.body.contains(PanelFormat.dateTime(info.notValidAfter)))
            #expect(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains("certificado provisional"))
            let supervisor = PanelBrowser(server)
            try await supervisor.login("supervisor", "supervisor1234")
            let read = try await supervisor.get("/panel/configuracion/certificado")
            #expect(read.status == .ok && read.body.contains(PanelFormat.dateTime(info.notValidBefore)) && !read.body.contains("multipart/form-data"))
            let csrf = try #require(PanelBrowser.csrf(in: read.body))
            let pem = try SigningCredentials.selfSigned(commonName: "Supervisor", organization: "X", now: server.clock.now)
            let forbidden = try await supervisor.upload("/panel/configuracion/certificado", fields: ["_csrf": csrf],
                                                        files: ["certificado": Array(pem.certificatePEM.utf8), "llave": Array(pem.privateKeyPEM.utf8)])
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test("upload from the panel form: PEM certificate and key, then a PKCS#12 file with its password; each audited without key material; the next document is signed with it",
          arguments: Backend.allCases)
    func upload(_ backend: Backend) async throws {
        let issued = try TestAuthority.issue(subject: "/CN=Ferreteria Real S.A./O=Ferreteria Real")
        let p12 = try Self.pkcs12(certificate: issued.certificate, key: issued.key, password: "clave-del-p12")
        try await TestServer.run(backend) { server in
            let admin = PanelBrowser(server)
            try await admin.login()
            let csrf = try #require(PanelBrowser.csrf(in: try await admin.get("/panel/configuracion/certificado").body))
            let pem = try SigningCredentials.selfSigned(commonName: "Empresa PEM S.A.", organization: "Empresa PEM", now: server.clock.now)
            let first = try await admin.upload("/panel/configuracion/certificado", fields: ["_csrf": csrf],
                                               files: ["certificado": Array(pem.certificatePEM.utf8), "llave": Array(pem.privateKeyPEM.utf8)])
            #expect(first.status == .ok && first.body.contains("Certificado instalado") && first.body.contains("Empresa PEM S.A."), "\(first.body)")

            let wrong = try await admin.upload("/panel/configuracion/certificado", fields: ["_csrf": csrf, "clave": "otra"], files: ["pkcs12": p12])
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("Empresa PEM S.A."), "a wrong password installs nothing")
            let second = try await admin.upload("/panel/configuracion/certificado", fields: ["_csrf": csrf, "clave": "clave-del-p12"],
                                                files: ["pkcs12": p12])
            #expect(second.status == .ok && second.body.contains("Ferreteria Real S.A.") && second.body.contains("Autoridad de Prueba"))
            #expect(!second.body.contains("certificado provisional"))

            let token = try await server.adminToken()
            let audit = try await server.request(.get, "/v1/admin/audit?action=certificate.replace", token: token).decode([AuditEntry].self)
            #expect(audit.count == 2)
            #expect(audit.allSatisfy { !($0.before ?? "").contains("PRIVATE") && !($0.after ?? "").contains("PRIVATE") && !($0.after ?? "").contains("BEGIN") })
            #expect(audit.contains { $0.after?.contains("Ferreteria Real S.A.") == true && $0.before?.contains("Empresa PEM S.A.") == true }, "\(audit)")
            #expect(try await admin.get("/panel/configuracion/bitacora").body.contains("Certificado de firma reemplazado"))

            let cashier = try await server.login()
            let draft = Sales.cash()
            #expect(try await server.issue(draft, token: cashier).status == .created)
            try await server.drainQueue()   // the DGI queue signs it (issue 16, item 2)
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: cashier).text
            #expect(xml.contains(try Self.base64DER(issued.certificate)), "signed with the uploaded certificate")
        }
    }

    @Test("malformed multipart bodies are a 4xx and change nothing, never a 500", arguments: Backend.allCases)
    func malformed(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = PanelBrowser(server)
            try await admin.login()
            let before = try await admin.get("/panel/configuracion/certificado")
            let csrf = try #require(PanelBrowser.csrf(in: before.body))
            let b = "XyZ"
            let bodies: [(String, String)] = [
                ("multipart/form-data; boundary=\(b)", ""),
                ("multipart/form-data; boundary=\(b)", "garbage"),
                ("multipart/form-data; boundary=\(b)", "--\(b)"),
                ("multipart/form-data; boundary=\(b)", "--\(b)\r\n"),
                ("multipart/form-data; boundary=\(b)", "--\(b)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)"),
                ("multipart/form-data; boundary=\(b)", "--\(b)\r\nX: y\r\n\r\nvalue\r\n--\(b)--"),
                ("multipart/form-data; boundary=\(b)", "--\(b)\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--\(b)--"),
                ("multipart/form-data; boundary=\(b)", "--\(b)\r\nContent-Disposition: form-data\r\n\r\nv\r\n--\(b)--"),
                ("multipart/form-data; boundary=\(b)",
                 "--\(b)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--\(b)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--\(b)--"),
                ("multipart/form-data", "--\(b)\r\n"),
                ("multipart/form-data; boundary=", "--\r\n"),
                ("application/x-www-form-urlencoded", "_csrf=\(csrf)"),
                ("multipart/form-data; boundary=\(b)",
                 "--\(b)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--\(b)\r\nContent-Disposition: form-data; name=\"pkcs12\"; filename=\"x.p12\"\r\n\r\nnot a pkcs12\r\n--\(b)--\r\n"),
                ("multipart/form-data; boundary=\(b)",
                 "--\(b)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--\(b)--\r\n"),
                ("multipart/form-data; boundary=\(b)", "--\(b)\r\nContent-Disposition: form-data; name=\"big\"\r\n\r\n"
                    + String(repeating: "A", count: PanelController.uploadLimit + 10) + "\r\n--\(b)--"),
            ]
            for (contentType, body) in bodies {
                let page = try await admin.raw("/panel/configuracion/certificado", contentType: contentType, body: Array(body.utf8))
                #expect((400..<500).contains(page.status.code), "\(contentType) \(body.prefix(80)): \(page.status)")
            }
            let after = try await admin.get("/panel/configuracion/certificado")
            #expect(after.body.contains("certificado provisional"), "nothing was installed")
            #expect(try await server.request(.get, "/v1/admin/audit?action=certificate.replace", token: try await server.adminToken())
                .decode([AuditEntry].self).isEmpty)
        }
    }

    @Test("the panel warns from 30 days before the certificate expires (29 days: yes, 31: no), and says it expired once past its end",
          arguments: Backend.allCases)
    func expiryWarning(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let info = try await server.request(.get, "/v1/company/credentials", token: try await server.adminToken()).decode(CredentialsInfo.self)
            // Years pass: each look logs in afresh (a panel session does not last that long).
            func look(_ path: String) async throws -> String {
                let browser = PanelBrowser(server)
                try await browser.login()
                return try await browser.get(path).body
            }
            let day: TimeInterval = 86_400
            server.clock.advance(info.notValidAfter.timeIntervalSince(server.clock.now) - 31 * day)
            #expect(!(try await look("/panel").contains("certificate-warning")), "31 days before: no warning")
            #expect(!(try await look("/panel/configuracion/certificado").contains("certificate-warning")))
            server.clock.advance(2 * day)
            let warned = "El certificado vence el \(PanelFormat.day(info.notValidAfter))"
            #expect(try await look("/panel").contains(warned), "29 days before: warned on the home page")
            #expect(try await look("/panel/configuracion/certificado").contains(warned))
            server.clock.advance(30 * day)
            #expect(try await look("/panel").contains("El certificado de firma venció el \(PanelFormat.day(info.notValidAfter))"))
        }
    }

    static func pkcs12(certificate: String, key: String, password: String) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caja-p12-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (cert, keyFile, out) = (dir.appendingPathComponent("c.pem"), dir.appendingPathComponent("k.pem"), dir.appendingPathComponent("o.p12"))
        try Data(certificate.utf8).write(to: cert)
        try Data(key.utf8).write(to: keyFile)
        let made = try XMLTools.run("openssl", ["pkcs12", "-export", "-inkey", keyFile.path, "-in", cert.path, "-out", out.path,
                                                "-passout", "pass:\(password)"])
        guard made.status == 0 else { throw CajaError.invalidRequest("openssl: \(made.output)") }
        return Array(try Data(contentsOf: out))
    }

    static func base64DER(_ pem: String) throws -> String {
        pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }
}

extension PanelBrowser {
    /// Sends a form with files as a browser does (`multipart/form-data`).
    func upload(_ path: String, fields: [String: String], files: [String: [UInt8]]) async throws -> Page {
        let boundary = "----CajaTest\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, content) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name).bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += content + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await raw(path, contentType: "multipart/form-data; boundary=\(boundary)", body: body)
    }

    /// A POST with this body and content type, with the browser's cookies.
    func raw(_ path: String, contentType: String, body: [UInt8]) async throws -> Page {
        var headers: HTTPFields = [.contentType: contentType]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return try await server.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}
