import CajaCore
@testable import CajaServer
import CajaTestSupport
import Foundation
import Testing

/// Issue 16, item 2: documents are stored checked but unsigned, and the DGI queue signs them
/// when it submits them. Issue 14, *Certificado*: with an expired certificate the queue signs
/// and sends nothing, holds the documents in a clear state, and takes them up by itself once
/// a new certificate is uploaded; sales and syncs are never refused for it.
///
/// Most tests run the server with the worker service off (``TestServer/run``) and drive the
/// queue by hand (``TestServer/drainQueue()``): the state before the queue works is then seen
/// with no race against a worker, and the queue works exactly when the test says.
@Suite("The DGI queue signs (issue 16, 2) and holds documents while the certificate is expired (issue 14)")
struct QueueSigningTests {
    /// Past the demo certificate's five years.
    static let sixYears: TimeInterval = 6 * 365 * 86_400

    /// A new certificate valid both at the moved test clock and at the machine's real time
    /// (xmlsec1 checks a certificate's validity against the real time).
    static func renewed() throws -> SigningCredentials {
        try SigningCredentials.selfSigned(commonName: "Empresa Renovada S.A.", organization: "Empresa Renovada", now: Date(),
                                          validity: 20 * 365 * 86_400)
    }

    @Test("N5, issue 16 item 2: a synced document is stored unsigned, shown so in the API and the panel, then signed by the queue and authorized",
          arguments: Backend.allCases)
    func syncedThenSignedByQueue(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let documents = try (0..<3).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            let results = try await device.upload(documents)
            #expect(results.map(\.status) == [.accepted, .accepted, .accepted])
            // The upload's answer: stored and checked, not signed.
            #expect(results.allSatisfy { $0.document?.dgiStatus == .unsigned })

            let first = documents[0]
            let before = try await server.detail(first.id, token: device.token)
            #expect(before.summary.dgiStatus == .unsigned && before.dgi?.status == .unsigned)
            #expect(before.summary.cufe == first.cufe.value)
            #expect(before.qrURL.contains("chFE=\(first.cufe.value)") && before.qrURL.contains("digestValue="))
            let unsignedPage = try await server.request(.get, "/v1/documents?dgiStatus=unsigned", token: device.token).decode(DocumentPage.self)
            #expect(unsignedPage.items.count == 3)
            let early = try await server.request(.get, "/v1/documents/\(first.id)/xml", token: device.token)
            #expect(early.status == .conflict && early.error?.code == "DOCUMENT_NOT_SIGNED")

            let browser = PanelBrowser(server)
            try await browser.login("admin")
            let page = try await browser.get("/panel/documentos/\(first.id.uuidString)")
            #expect(page.body.contains("Sin firmar") && page.body.contains("id=\"xml-unsigned\""))
            #expect(try await browser.get("/panel/documentos?dgiStatus=unsigned").body.contains(first.id.uuidString))
            #expect(try await browser.get("/panel").body.contains("3 sin firmar"))

            try await server.drainQueue()
            for document in documents {
                let after = try await server.detail(document.id, token: device.token)
                #expect(after.summary.dgiStatus == .authorized && after.dgi?.protocolNumber != nil)
                // The QR and CUFE were final before the signature: unchanged by it.
                let original = try #require(results.first { $0.id == document.id }?.document)
                #expect(after.summary.cufe == original.cufe)
                let xml = try await server.request(.get, "/v1/documents/\(document.id)/xml", token: device.token).text
                #expect(try XMLTools.validate(xml).status == 0)
                let verified = try XMLTools.verifySignature(xml, certificatePEM: try DGIQueueTests.certificatePEM(in: xml))
                #expect(verified.status == 0, "xmlsec1: \(verified.output)")
                if document.id == first.id {
                    #expect(after.qrURL == before.qrURL)
                    #expect(xml.contains("<dQRCode>\(before.qrURL.replacingOccurrences(of: "&", with: "&amp;"))</dQRCode>"))
                }
            }
            #expect(await server.app.embeddedDGI?.currentStats().authorized == 3)
        }
    }

    @Test("N1/N5, issue 14 Certificado: an expired certificate refuses no sale or sync; the queue holds them unsigned and unsent, then signs and sends after an upload",
          arguments: Backend.allCases)
    func expiredCertificateHoldsQueue(_ backend: Backend) async throws {
        let clock = TestClock()
        try await TestServer.run(backend, clock: clock) { server in
            clock.advance(Self.sixYears)   // the demo certificate (five years) has expired
            let device = try await OfflineDevice.start(server)
            var ids: [UUID] = []
            for _ in 0..<2 {
                let draft = Sales.cash()
                let sold = try await server.issue(draft, token: device.token)
                #expect(sold.status == .created, "a sale is never refused for the certificate: \(sold.text)")
                #expect(try sold.decode(DocumentDetail.self).qrURL.contains("digestValue="))   // the receipt's QR
                ids.append(draft.id)
            }
            // A sync as large as a register's batch: every document stored.
            let offline = try (0..<20).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            let results = try await device.upload(offline)
            #expect(results.allSatisfy { $0.status == .accepted }, "\(results.map(\.status))")
            ids += offline.map(\.id)

            try await server.drainQueue()
            for id in ids {
                let detail = try await server.detail(id, token: device.token)
                #expect(detail.summary.dgiStatus == .certificateExpired && detail.dgi?.status == .certificateExpired)
                #expect(detail.dgi?.lastError?.contains("Certificado vencido: suba uno nuevo") == true)
                #expect(try await server.request(.get, "/v1/documents/\(id)/xml", token: device.token).status == .conflict)
            }
            #expect(await server.app.embeddedDGI?.currentStats().received == 0, "nothing is sent")
            // Held: the queue does not claim them again while the certificate is the same.
            #expect(try await server.app.worker.pass() == 0)
            let browser = PanelBrowser(server)
            try await browser.login("admin")
            let home = try await browser.get("/panel")
            #expect(home.body.contains("Certificado vencido: suba uno nuevo") && home.body.contains("id=\"dgi-expired\">22<"))
            #expect(try await browser.get("/panel/documentos/\(ids[0].uuidString)").body.contains("Certificado vencido: suba uno nuevo"))

            // A new certificate: the held documents are signed with it and authorized.
            let credentials = try await Self.uploadRenewed(server)
            try await server.drainQueue()
            for id in ids {
                let detail = try await server.detail(id, token: device.token)
                #expect(detail.summary.dgiStatus == .authorized, "\(id): \(detail.dgi.map { "\($0)" } ?? "-")")
                let xml = try await server.request(.get, "/v1/documents/\(id)/xml", token: device.token).text
                #expect(try XMLTools.verifySignature(xml, certificatePEM: credentials.certificatePEM).status == 0)
            }
            #expect(await server.app.embeddedDGI?.currentStats().authorized == 22)
        }
    }

    @Test("N5, issue 14: a running worker holding expired documents does not spin, and takes them up by itself after a new certificate",
          arguments: Backend.allCases)
    func runningWorkerNoticesNewCertificate(_ backend: Backend) async throws {
        // The demo company (and its certificate) is made at start; the clock moves after.
        try await TestServer.run(backend, configure: { configuration in
            configuration.dgiWorker = true
            configuration.dgiPollInterval = .milliseconds(200)
        }) { server in
            let (token, draft) = try await Self.holdOneDocument(server)
            let attempts = try await server.detail(draft.id, token: token).dgi?.attempts
            try await Task.sleep(for: .seconds(2))
            // Ten polls later it was not claimed again (no attempt), and nothing was sent.
            #expect(try await server.detail(draft.id, token: token).dgi?.attempts == attempts)
            #expect(await server.app.embeddedDGI?.currentStats().received == 0)

            let credentials = try await Self.uploadRenewed(server)
            _ = try await server.waitAuthorized([draft.id], token: token)
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: token).text
            #expect(try XMLTools.verifySignature(xml, certificatePEM: credentials.certificatePEM).status == 0)
        }
    }

    @Test("N5, issue 14: a new certificate wakes the DGI queue at once: documents held for the expired one are sent without waiting for a poll",
          arguments: Backend.allCases)
    func uploadWakesWorker(_ backend: Backend) async throws {
        // A poll interval no test waits for: only the upload's wake-up can take the held document up.
        try await TestServer.run(backend, configure: { configuration in
            configuration.dgiWorker = true
            configuration.dgiPollInterval = .seconds(3600)
        }) { server in
            let (token, draft) = try await Self.holdOneDocument(server)   // the store wakes the worker
            _ = try await Self.uploadRenewed(server)
            _ = try await server.waitAuthorized([draft.id], token: token)
        }
    }

    /// Six years on (the demo certificate expired), one online sale, held by a running worker
    /// as certificateExpired; answers the cashier's token and the draft.
    static func holdOneDocument(_ server: TestServer) async throws -> (String, DocumentDraft) {
        server.clock.advance(sixYears)
        let token = try await server.login()
        let draft = Sales.cash()
        #expect(try await server.issue(draft, token: token).status == .created)
        try await eventually(120, "held for the expired certificate") {
            try await server.detail(draft.id, token: token).dgi?.status == .certificateExpired
        }
        return (token, draft)
    }

    /// Uploads a renewed certificate as the admin does; answers it.
    static func uploadRenewed(_ server: TestServer) async throws -> SigningCredentials {
        let credentials = try renewed()
        let upload = CredentialsUpload(certificatePEM: credentials.certificatePEM, privateKeyPEM: credentials.privateKeyPEM)
        #expect(try await server.send(.put, "/v1/company/credentials", token: try await server.adminToken(), upload).status == .ok)
        return credentials
    }
}
