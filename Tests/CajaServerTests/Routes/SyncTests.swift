import CajaCore
@testable import CajaServer
import CajaTestSupport
import Foundation
import Hummingbird
import Testing

/// A register as the tests drive it: it logs in, holds a block and makes offline documents
/// the way the real register does, with CajaCore.
struct OfflineDevice {
    let server: TestServer
    let token: String
    let issuer: Issuer
    var grant: SignedNumberBlock
    var session: OfflineSession

    static func start(_ server: TestServer, device: String = "caja-offline", blockSize: Int = 20) async throws -> OfflineDevice {
        let token = try await server.login(device: device)
        let issuer = try await server.catalog(token: token).issuer
        let grant = try await server.reserveBlock(size: blockSize, token: token)
        let session = OfflineSession(id: UUID(), activatedAt: server.clock.now, reason: "Sin internet: el proveedor no responde",
                                     acceptedBy: "cajero", acceptedAt: server.clock.now, termsVersion: "2026-01")
        return OfflineDevice(server: server, token: token, issuer: issuer, grant: grant, session: session)
    }

    func document(number: Int64, after seconds: TimeInterval = 60, price: String = "4.25") throws -> FiscalDocument {
        var generator = SystemRandomNumberGenerator()
        let issuance = Issuance(pointOfSale: grant.block.pointOfSale, number: try DocumentNumber(number),
                                issuedAt: session.activatedAt.addingTimeInterval(seconds),
                                securityCode: SecurityCode.random(using: &generator), contingency: session.contingency)
        return try FiscalDocument(draft: Sales.cash(price: price), issuer: issuer, issuance: issuance)
    }

    func upload(_ documents: [SyncDocument], grants: [SignedNumberBlock]? = nil) async throws -> [SyncResult] {
        let request = SyncRequest(sessions: [session], grants: grants ?? [grant], documents: documents)
        let response = try await server.send(.post, "/v1/sync", token: token, request)
        guard response.status == .ok else { throw TestSetupError("sync answered \(response.status.code): \(response.text)") }
        return try response.decode(SyncResponse.self).results
    }

    func upload(_ documents: [FiscalDocument]) async throws -> [SyncResult] {
        try await upload(documents.map { SyncDocument(sessionID: session.id, document: $0) })
    }
}

@Suite("Sync of offline documents (N3, N4, O10, O11)")
struct SyncTests {
    @Test("O11: offline documents are accepted with their session, CUFE unchanged, XML valid and signed by the server",
          arguments: Backend.allCases)
    func accepted(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let documents = try (0..<3).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            let results = try await device.upload(documents)
            #expect(results.map(\.status) == [.accepted, .accepted, .accepted])
            #expect(results.allSatisfy { $0.flags.isEmpty })
            try await server.drainQueue()   // stored unsigned; the queue signs (issue 16, 2)
            for (document, result) in zip(documents, results) {
                #expect(result.document?.cufe == document.cufe.value)   // O10: never changes
                #expect(result.document?.emission == .contingency)
                let detail = try await server.request(.get, "/v1/documents/\(document.id)", token: device.token).decode(DocumentDetail.self)
                #expect(detail.offlineSessionID == device.session.id)
                let xml = try await server.request(.get, "/v1/documents/\(document.id)/xml", token: device.token).text
                #expect(xml.contains("<iTpEmis>04</iTpEmis>"))
                #expect(xml.contains("<dMotCont>\(device.session.reason)</dMotCont>"))
                #expect(try XMLTools.validate(xml).status == 0)
            }
            let page = try await server.request(.get, "/v1/documents?emission=contingency", token: device.token).decode(DocumentPage.self)
            #expect(page.items.count == 3)
        }
    }

    @Test("N3: the same batch twice, and interleaved from two connections, stores each document once",
          arguments: Backend.allCases)
    func exactlyOnce(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server, blockSize: 40)
            let documents = try (0..<30).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(10 * ($0 + 1))) }
            let first = try await device.upload(documents)
            #expect(first.allSatisfy { $0.status == .accepted })
            let again = try await device.upload(documents)
            #expect(again.allSatisfy { $0.status == .duplicate })
            #expect(again.map(\.document) == first.map(\.document))

            // A second device connection (another token) and the first send overlapping halves at once.
            let otherToken = try await server.login(device: "caja-offline")
            let twin = OfflineDevice(server: server, token: otherToken, issuer: device.issuer, grant: device.grant, session: device.session)
            let more = try (30..<40).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(10 * ($0 + 1))) }
            let batches = [(device, more + Array(documents.prefix(5))), (twin, Array(more.reversed()))]
            let results = try await withThrowingTaskGroup(of: [SyncResult].self) { group in
                for (sender, batch) in batches { group.addTask { try await sender.upload(batch) } }
                var all: [SyncResult] = []
                for try await part in group { all += part }
                return all
            }
            let statuses = results.filter { r in more.contains { $0.id == r.id } }.map(\.status)
            #expect(statuses.filter { $0 == .accepted }.count == 10)
            #expect(statuses.filter { $0 == .duplicate }.count == 10)
            let all = try await server.request(.get, "/v1/documents?limit=500", token: device.token).decode(DocumentPage.self)
            #expect(all.items.count == 40)
            #expect(Set(all.items.map(\.id)).count == 40)
        }
    }

    @Test("N4: a forged or edited grant is rejected and kept in quarantine", arguments: Backend.allCases)
    func forgedGrant(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server, blockSize: 10)
            var edited = device.grant
            edited.block.last += 1000   // the device tries to stretch its block
            let document = try device.document(number: device.grant.block.last + 500)
            let results = try await device.upload([SyncDocument(sessionID: device.session.id, document: document)], grants: [edited])
            #expect(results.first?.status == .rejected)
            #expect(results.first?.code == "GRANT_INVALID")
            #expect(try await server.request(.get, "/v1/documents/\(document.id)", token: device.token).status == .notFound)
            // Kept, and answered the same way on a retry.
            let retry = try await device.upload([SyncDocument(sessionID: device.session.id, document: document)], grants: [edited])
            #expect(retry.first?.status == .rejected)
            #expect(try await quarantineCount(server) == 1)
        }
    }

    @Test("N4: a number outside the device's block is stored and flagged", arguments: Backend.allCases)
    func outsideBlock(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server, blockSize: 10)
            let document = try device.document(number: device.grant.block.last + 7)
            let result = try #require(try await device.upload([document]).first)
            #expect(result.status == .accepted)
            #expect(result.flags.map(\.rawValue).contains("OUTSIDE_BLOCK"))
            let detail = try await server.request(.get, "/v1/documents/\(document.id)", token: device.token).decode(DocumentDetail.self)
            #expect(detail.flags.map(\.rawValue).contains("OUTSIDE_BLOCK"))
        }
    }

    @Test("N4: a document issued after its session ended is stored and flagged, even when the session comes back open",
          arguments: Backend.allCases)
    func afterSessionEnd(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            var device = try await OfflineDevice.start(server, blockSize: 10)
            let before = try device.document(number: device.grant.block.first, after: 60)
            #expect(try await device.upload([before]).first?.flags == [])
            // The register goes back online: the session's end reaches the server.
            var ended = device.session
            ended.endedAt = device.session.activatedAt.addingTimeInterval(120)
            device.session = ended
            #expect(try await device.upload([SyncDocument]()).isEmpty)
            // A recovery brings the session back open and the register issues in it again.
            device.session.endedAt = nil
            let after = try device.document(number: device.grant.block.first + 1, after: 600)
            let result = try #require(try await device.upload([after]).first)
            #expect(result.status == .accepted)
            #expect(result.flags.map(\.rawValue).contains("OFFLINE_AFTER_SESSION_END"))
            let detail = try await server.request(.get, "/v1/documents/\(after.id)", token: device.token).decode(DocumentDetail.self)
            #expect(detail.flags.map(\.rawValue).contains("OFFLINE_AFTER_SESSION_END"))
            // The first end stays: a later, different end does not move it.
            device.session.endedAt = device.session.activatedAt.addingTimeInterval(3600)
            let later = try device.document(number: device.grant.block.first + 2, after: 900)
            #expect(try await device.upload([later]).first?.flags.map(\.rawValue).contains("OFFLINE_AFTER_SESSION_END") == true)
        }
    }

    @Test("N2: a collision on (point, type, number) is quarantined with both documents and reported", arguments: Backend.allCases)
    func collision(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server, blockSize: 10)
            // Another device of the same point claims one of this device's numbers first.
            let intruder = try await OfflineDevice.start(server, device: "caja-intrusa", blockSize: 10)
            let stolen = try intruder.document(number: device.grant.block.first)
            #expect(try await intruder.upload([stolen]).first?.flags.map(\.rawValue).contains("OUTSIDE_BLOCK") == true)

            // In one batch with two good documents: the batch's single transaction fails on the
            // collision, and each document is then stored on its own; the good ones are kept.
            let own = try device.document(number: device.grant.block.first)
            let batch = try await device.upload([own, try device.document(number: device.grant.block.first + 1),
                                                 try device.document(number: device.grant.block.first + 2)])
            #expect(batch.map(\.status) == [.conflict, .accepted, .accepted])
            let result = try #require(batch.first)
            #expect(result.status == .conflict)
            #expect(result.code == "NUMBER_CONFLICT")
            #expect(result.message?.contains(stolen.id.uuidString) == true)
            // Never overwritten: the first holder is still there; the second is kept in quarantine.
            let holder = try await server.request(.get, "/v1/documents/\(stolen.id)", token: device.token).decode(DocumentDetail.self)
            #expect(holder.summary.cufe == stolen.cufe.value)
            let row = try await server.app.database.read { db in
                try await db.raw("SELECT existing_document_id, payload_json FROM quarantine WHERE document_id = \(bind: own.id.uuidString)").first()
            }
            #expect(try row?.decode(column: "existing_document_id", as: String.self) == stolen.id.uuidString)
            #expect(try row?.decode(column: "payload_json", as: String.self).contains(own.cufe.value) == true)
        }
    }

    @Test("N4: CUFE or totals that do not recompute are rejected, never stored as documents", arguments: Backend.allCases)
    func recompute(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let good = try device.document(number: device.grant.block.first)
            var wrongCUFE = SyncDocument(sessionID: device.session.id, document: good)
            let other = try device.document(number: device.grant.block.first + 1)
            wrongCUFE.cufe = other.cufe.value
            var wrongTotal = SyncDocument(sessionID: device.session.id, document: other)
            wrongTotal.total = Money("1.00")!
            let results = try await device.upload([wrongCUFE, wrongTotal])
            #expect(results.map(\.code) == ["CUFE_MISMATCH", "TOTALS_MISMATCH"])
            #expect(results.allSatisfy { $0.status == .rejected })
            #expect(try await quarantineCount(server) == 2)
        }
    }

    @Test("N4/O8: a document past the 24 h window or out of time order is stored and flagged", arguments: Backend.allCases)
    func windowAndOrder(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let first = device.grant.block.first
            let late = try device.document(number: first + 2, after: 25 * 3600)
            let early = try device.document(number: first + 1, after: 600)
            let earlier = try device.document(number: first + 3, after: 300)   // higher number, earlier time
            let results = try await device.upload([late, early, earlier])
            #expect(results.allSatisfy { $0.status == .accepted })
            #expect(results[0].flags.map(\.rawValue).contains("OFFLINE_WINDOW_EXPIRED"))
            #expect(results[2].flags.map(\.rawValue).contains("TIME_ORDER"))
            #expect(results[1].flags.isEmpty)
        }
    }

    @Test("N4: a document uploaded between stored neighbours is judged against both, in later batches too", arguments: Backend.allCases)
    func timeOrderBetweenNeighbours(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let first = device.grant.block.first
            let stored = try await device.upload([try device.document(number: first, after: 100),
                                                  try device.document(number: first + 4, after: 500)])
            #expect(stored.allSatisfy { $0.status == .accepted && $0.flags.isEmpty })
            // Between 100 and 500 is in order; after its higher neighbour or before its lower one is not.
            let results = try await device.upload([try device.document(number: first + 1, after: 200),
                                                   try device.document(number: first + 2, after: 600),
                                                   try device.document(number: first + 3, after: 50)])
            #expect(results.allSatisfy { $0.status == .accepted })
            #expect(results.map { $0.flags.map(\.rawValue).contains("TIME_ORDER") } == [false, true, true])
            // Within one batch, each is judged against what came before it in number order:
            // the later, earlier-timed document is flagged, not the one before it.
            let batch = try await device.upload([try device.document(number: first + 5, after: 700),
                                                 try device.document(number: first + 6, after: 900),
                                                 try device.document(number: first + 7, after: 650)])
            #expect(batch.map { $0.flags.map(\.rawValue).contains("TIME_ORDER") } == [false, false, true])
        }
    }

    @Test("N3: a document sent twice in one request is stored once; the second copy is answered as a duplicate",
          arguments: Backend.allCases)
    func twiceInOneRequest(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let document = try device.document(number: device.grant.block.first)
            let results = try await device.upload([document, document])
            #expect(results.map(\.status) == [.accepted, .duplicate])
            #expect(results[1].document?.cufe == document.cufe.value)
            let page = try await server.request(.get, "/v1/documents", token: device.token).decode(DocumentPage.self)
            #expect(page.items.count == 1)
        }
    }

    @Test("an unknown session or an invalid reason rejects its documents with the reason", arguments: Backend.allCases)
    func badSession(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let document = try device.document(number: device.grant.block.first)
            let orphan = SyncDocument(sessionID: UUID(), document: document)
            let result = try await device.upload([orphan])
            #expect(result.first?.code == "UNKNOWN_OFFLINE_SESSION")
        }
    }

    @Test("a grant signed at a fractional second still verifies after its JSON round trip, and paging skips nothing",
          arguments: Backend.allCases)
    func fractionalClock(_ backend: Backend) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_773_502_200.789))
        try await TestServer.run(backend, clock: clock) { server in
            let device = try await OfflineDevice.start(server)
            let documents = try (0..<2).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            let results = try await device.upload(documents)
            #expect(results.map(\.status) == [.accepted, .accepted], "\(results)")
            for _ in 0..<3 {
                clock.advance(0.3)
                #expect(try await server.issue(Sales.cash(), token: device.token).status == .created)
            }
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let query = "/v1/documents?limit=1" + (cursor.map { "&after=\($0)" } ?? "")
                let page = try await server.request(.get, query, token: device.token).decode(DocumentPage.self)
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == 5 && Set(seen).count == 5, "paging saw \(seen.count) documents")
        }
    }

    func quarantineCount(_ server: TestServer) async throws -> Int {
        try await server.app.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM quarantine").first(decodingColumn: "n", as: Int.self) ?? -1
        }
    }
}
