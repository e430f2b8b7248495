import CajaCore
@testable import CajaServer
import CajaTestSupport
import DGISimulator
import Foundation
import Hummingbird
import Testing

@Suite("Company keys: sealed at rest, uploaded as PEM or PKCS#12, used for every document")
struct CredentialsTests {
    @Test("signing keys and QR secrets are stored sealed with the master key, which is kept 0600 in the data dir",
          arguments: Backend.allCases)
    func sealedAtRest(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let row = try await server.app.database.read { db in
                try await db.raw("SELECT signing_key_pem, qr_secret FROM companies").first()
            }
            let key = try #require(row).decode(column: "signing_key_pem", as: String.self)
            let secret = try #require(row).decode(column: "qr_secret", as: String.self)
            #expect(key.hasPrefix("enc:v1:") && !key.contains("PRIVATE KEY"))
            #expect(secret.hasPrefix("enc:v1:"))
            let file = URL(fileURLWithPath: server.app.configuration.dataDirectory).appendingPathComponent("master.key").path
            let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
            #expect(permissions?.intValue == 0o600)
            // And the sealed key still signs: a document issued now verifies.
            let token = try await server.login()
            #expect(try await server.issue(Sales.cash(), token: token).status == .created)
        }
    }

    @Test("an admin uploads a PEM certificate and key; the next document is signed with them (xmlsec1)", arguments: Backend.allCases)
    func uploadPEM(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let credentials = try SigningCredentials.selfSigned(commonName: "Empresa Real S.A.", organization: "Empresa Real",
                                                                now: server.clock.now.addingTimeInterval(-3600))
            let upload = CredentialsUpload(certificatePEM: credentials.certificatePEM, privateKeyPEM: credentials.privateKeyPEM)
            let response = try await server.send(.put, "/v1/company/credentials", token: admin, upload)
            #expect(response.status == .ok, "\(response.text)")
            #expect(try response.decode(CredentialsInfo.self).subject.contains("Empresa Real S.A."))
            #expect(!response.text.contains("PRIVATE KEY"))

            let token = try await server.login()
            let draft = Sales.cash()
            #expect(try await server.issue(draft, token: token).status == .created)
            try await server.drainQueue()
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: token).text
            let verified = try XMLTools.verifySignature(xml, certificatePEM: credentials.certificatePEM)
            #expect(verified.status == 0, "xmlsec1: \(verified.output)")
        }
    }

    @Test("two servers on one PostgreSQL: after an upload on one, the other signs with the new key at once (xmlsec1)")
    func uploadSeenByOtherServer() async throws {
        try await SharedDatabase.twoServers { first, second in
            // The second server signs once with the old key, so it has it cached.
            let token = try await second.login()
            #expect(try await second.issue(Sales.cash(), token: token).status == .created)
            let credentials = try SigningCredentials.selfSigned(commonName: "Empresa Nueva S.A.", organization: "Empresa Nueva",
                                                                now: Date().addingTimeInterval(-3600))
            let upload = CredentialsUpload(certificatePEM: credentials.certificatePEM, privateKeyPEM: credentials.privateKeyPEM)
            let response = try await first.send(.put, "/v1/company/credentials", token: try await first.adminToken(), upload)
            #expect(response.status == .ok, "\(response.text)")
            for server in [second, first] {
                let draft = Sales.cash()
                #expect(try await server.issue(draft, token: token).status == .created)
                // Signed by whichever server's queue claims it first: both read the new key.
                let xml = try await server.signedXML(draft.id, token: token)
                let verified = try XMLTools.verifySignature(xml, certificatePEM: credentials.certificatePEM)
                #expect(verified.status == 0, "xmlsec1: \(verified.output)")
            }
        }
    }

    @Test("a key that does not match the certificate, a cashier, or garbage: a clear 4xx and nothing replaced")
    func refusals() async throws {
        try await TestServer.run(.sqlite) { server in
            let admin = try await server.adminToken()
            let before = try await server.request(.get, "/v1/company/credentials", token: admin).decode(CredentialsInfo.self)
            let one = try SigningCredentials.selfSigned(commonName: "Uno", organization: "Uno", now: server.clock.now)
            let two = try SigningCredentials.selfSigned(commonName: "Dos", organization: "Dos", now: server.clock.now)
            let mismatch = try await server.send(.put, "/v1/company/credentials", token: admin,
                                                 CredentialsUpload(certificatePEM: one.certificatePEM, privateKeyPEM: two.privateKeyPEM))
            #expect(mismatch.status == .unprocessableContent)
            #expect(mismatch.error?.code == "KEY_CERTIFICATE_MISMATCH")
            let garbage = try await server.send(.put, "/v1/company/credentials", token: admin,
                                                CredentialsUpload(certificatePEM: "not a certificate", privateKeyPEM: two.privateKeyPEM))
            #expect(garbage.status == .unprocessableContent)
            #expect(garbage.error?.field == "certificate")
            let neither = try await server.send(.put, "/v1/company/credentials", token: admin, CredentialsUpload())
            #expect(neither.status == .badRequest)
            let cashier = try await server.login()
            let forbidden = try await server.send(.put, "/v1/company/credentials", token: cashier,
                                                  CredentialsUpload(certificatePEM: one.certificatePEM, privateKeyPEM: one.privateKeyPEM))
            #expect(forbidden.status == .forbidden)
            let after = try await server.request(.get, "/v1/company/credentials", token: admin).decode(CredentialsInfo.self)
            #expect(after == before)
        }
    }

    @Test("a PKCS#12 file made by OpenSSL: the right password installs it, a wrong one is refused by name, legacy 3DES explained")
    func uploadPKCS12() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caja-p12-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("key.pem").path
        let cert = dir.appendingPathComponent("cert.pem").path
        let modern = dir.appendingPathComponent("modern.p12").path
        let legacy = dir.appendingPathComponent("legacy.p12").path
        let made = try XMLTools.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                 "-subj", "/CN=Ferreteria Real S.A./O=Ferreteria Real", "-days", "30"])
        #expect(made.status == 0, "\(made.output)")
        let exported = try XMLTools.run("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", modern,
                                                     "-passout", "pass:clave-secreta"])
        #expect(exported.status == 0, "\(exported.output)")
        let exportedLegacy = try XMLTools.run("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", legacy,
                                                           "-passout", "pass:clave-secreta", "-keypbe", "PBE-SHA1-3DES",
                                                           "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"])
        let modernData = try Data(contentsOf: URL(fileURLWithPath: modern)).base64EncodedString()
        let certificatePEM = try String(contentsOfFile: cert, encoding: .utf8)

        try await TestServer.run(.sqlite) { server in
            let admin = try await server.adminToken()
            let wrong = try await server.send(.put, "/v1/company/credentials", token: admin,
                                              CredentialsUpload(pkcs12: modernData, password: "otra"))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.error?.code == "PKCS12_PASSWORD")
            #expect(wrong.error?.field == "password")
            if exportedLegacy.status == 0 {
                let legacyData = try Data(contentsOf: URL(fileURLWithPath: legacy)).base64EncodedString()
                let old = try await server.send(.put, "/v1/company/credentials", token: admin,
                                                CredentialsUpload(pkcs12: legacyData, password: "clave-secreta"))
                #expect(old.status == .unprocessableContent)
                #expect(old.error?.code == "PKCS12_INVALID")
                #expect(old.error?.message.contains("openssl pkcs12") == true)
            }
            let right = try await server.send(.put, "/v1/company/credentials", token: admin,
                                              CredentialsUpload(pkcs12: modernData, password: "clave-secreta"))
            #expect(right.status == .ok, "\(right.text)")
            #expect(try right.decode(CredentialsInfo.self).subject.contains("Ferreteria Real S.A."))

            let token = try await server.login()
            let draft = Sales.cash()
            #expect(try await server.issue(draft, token: token).status == .created)
            try await server.drainQueue()
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: token).text
            let verified = try XMLTools.verifySignature(xml, certificatePEM: certificatePEM)
            #expect(verified.status == 0, "xmlsec1: \(verified.output)")
        }
    }
}
