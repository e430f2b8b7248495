import CajaCore
@testable import CajaServer
import CajaTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Online issuance, numbering (N2) and idempotency (N3)")
struct DocumentTests {
    @Test("an online sale is numbered, stored unsigned (issue 16, 2), readable as JSON, and as valid signed XML once the queue signed it",
          arguments: Backend.allCases)
    func issueAndRead(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let draft = Sales.cash()
            let created = try await server.issue(draft, token: token)
            #expect(created.status == .created, "\(created.text)")
            let detail = try created.decode(DocumentDetail.self)
            #expect(detail.summary.number == 1)
            #expect(detail.summary.point == "001")
            #expect(detail.summary.emission == .normal)
            #expect(detail.summary.total == Money("9.10")!)
            #expect(detail.summary.dgiStatus == .unsigned)
            #expect(detail.summary.issuedAt == "2026-03-14T10:30:00-05:00")
            #expect(try CUFE(parsing: detail.summary.cufe).number == "0000000001")

            let fetched = try await server.request(.get, "/v1/documents/\(draft.id)", token: token)
            #expect(try fetched.decode(DocumentDetail.self).summary == detail.summary)
            // Not signed yet: the download waits for the queue (a state, not a failure).
            let early = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: token)
            #expect(early.status == .conflict && early.error?.code == "DOCUMENT_NOT_SIGNED", "\(early.text)")
            try await server.drainQueue()
            let xml = try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: token)
            #expect(xml.status == .ok)
            #expect(xml.text.contains("<dId>\(detail.summary.cufe)</dId>"))
            // The QR the receipt printed from the online answer is the one the signed rFE carries.
            #expect(xml.text.contains("<dQRCode>\(detail.qrURL.replacingOccurrences(of: "&", with: "&amp;"))</dQRCode>"))
            #expect(xml.text.contains("<SignatureValue>"))
            let schema = try XMLTools.validate(xml.text)
            #expect(schema.status == 0, "xmllint: \(schema.output)")
        }
    }

    @Test("N3: the same draft twice is one document; another draft under the same id is refused", arguments: Backend.allCases)
    func idempotent(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let draft = Sales.cash()
            let first = try await server.issue(draft, token: token)
            let second = try await server.issue(draft, token: token)
            #expect(first.status == .created)
            #expect(second.status == .ok)
            #expect(try first.decode(DocumentDetail.self).summary == second.decode(DocumentDetail.self).summary)
            var other = Sales.cash(draft.id, price: "1.00")
            other.id = draft.id
            let reused = try await server.issue(other, token: token)
            #expect(reused.status == .conflict)
            #expect(reused.error?.code == "DOCUMENT_ID_REUSED")
            let page = try await server.request(.get, "/v1/documents", token: token).decode(DocumentPage.self)
            #expect(page.items.count == 1)
        }
    }

    @Test("N2: 8 concurrent clients x 300 online documents on one point: all numbers distinct, none inside a block",
          arguments: Backend.allCases)
    func concurrentNumbering(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let tokens = try await (0..<8).asyncMap { try await server.login(device: "caja-\($0)") }
            // A device holds a block while the others sell online at the same point.
            let block = try await server.reserveBlock(size: 50, token: tokens[0])
            let numbers = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for token in tokens {
                    group.addTask {
                        var mine: [Int64] = []
                        for _ in 0..<300 {
                            let response = try await server.issue(Sales.cash(), token: token)
                            guard response.status == .created else { throw TestSetupError("issue failed: \(response.text)") }
                            mine.append(try response.decode(DocumentDetail.self).summary.number)
                        }
                        return mine
                    }
                }
                var all: [Int64] = []
                for try await part in group { all += part }
                return all
            }
            #expect(numbers.count == 2400)
            #expect(Set(numbers).count == 2400)
            #expect(!numbers.contains { block.block.contains($0) })
            // No gaps besides the block: the counter moved exactly by the documents and the block.
            #expect(numbers.max() == 2400 + block.block.size)
        }
    }

    @Test("N3/N2: one draft sent 6 times at once beside 20 others is one document; the numbers stay gapless",
          arguments: Backend.allCases)
    func concurrentRetries(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let repeated = Sales.cash()
            var drafts = [DocumentDraft](repeating: repeated, count: 6)
            for _ in 0..<20 { drafts.append(Sales.cash()) }
            let answers = try await IssueAnswer.all(drafts.shuffled(), server: server, token: token)
            let mine = answers.filter { $0.id == repeated.id }
            #expect(mine.filter { $0.status == 201 }.count == 1)
            let mineNumbers = Set(mine.map { $0.number })
            #expect(mineNumbers.count == 1)
            #expect(answers.filter { $0.id != repeated.id }.allSatisfy { $0.status == 201 })
            // 21 documents hold exactly the numbers 1...21: a group that failed took none.
            let numbers = Set(answers.map { $0.number })
            #expect(numbers == Set<Int64>(1...21))
        }
    }

    @Test("online numbers are drawn above every block handed out before them", arguments: Backend.allCases)
    func aboveBlocks(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let block = try await server.reserveBlock(size: 30, token: token)
            #expect(block.block.first == 1)
            let number = try await server.issue(Sales.cash(), token: token).decode(DocumentDetail.self).summary.number
            #expect(number == block.block.last + 1)
            // Another type has its own sequence.
            let note = try await server.issue(Sales.cash(type: .genericCreditNote), token: token).decode(DocumentDetail.self)
            #expect(note.summary.number == 1)
        }
    }

    @Test("the list filters and pages by keyset without repeats or gaps", arguments: Backend.allCases)
    func listAndPaging(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            for index in 0..<7 {
                server.clock.advance(60)
                _ = try await server.issue(Sales.cash(type: index % 3 == 0 ? .genericCreditNote : .invoice), token: token)
            }
            var seen: [Int64] = []
            var cursor: String?
            repeat {
                let uri = "/v1/documents?type=01&limit=2" + (cursor.map { "&after=\($0)" } ?? "")
                let page = try await server.request(.get, uri, token: token).decode(DocumentPage.self)
                #expect(page.items.allSatisfy { $0.type == .invoice })
                seen += page.items.map(\.number)
                cursor = page.next
            } while cursor != nil
            #expect(seen == [4, 3, 2, 1])   // newest first
            let bad = try await server.request(.get, "/v1/documents?type=99", token: token)
            #expect(bad.status == .badRequest)
            #expect(bad.error?.field == "type")
            let badCursor = try await server.request(.get, "/v1/documents?after=zzz", token: token)
            #expect(badCursor.error?.field == "after")
            let day = try await server.request(.get, "/v1/documents?from=2026-03-14&to=2026-03-15&emission=normal", token: token)
            #expect(try day.decode(DocumentPage.self).items.count == 7)
        }
    }

    @Test("a company never sees another's documents, devices or blocks: 404", arguments: Backend.allCases)
    func tenantIsolation(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            var setup = DemoData.setup
            setup.name = "Otra Empresa"
            setup.users = [("admin-b", "admin-b-1234", .admin), ("cajero-b", "cajero-b-1234", .cashier)]
            _ = try await server.app.createCompany(setup)

            let tokenA = try await server.login()
            let draft = Sales.cash()
            _ = try await server.issue(draft, token: tokenA)
            let sessionA = try await server.send(.post, "/v1/sessions", token: nil,
                                                 TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-a"), at: server.clock.now))
            let deviceA = try #require(try sessionA.decode(SessionResponse.self).deviceID)

            let adminB = try await server.login("admin-b", "admin-b-1234", point: nil, device: nil)
            let cashierB = try await server.login("cajero-b", "cajero-b-1234", point: "001", device: "caja-a")
            for token in [adminB, cashierB] {
                #expect(try await server.request(.get, "/v1/documents/\(draft.id)", token: token).status == .notFound)
                #expect(try await server.request(.get, "/v1/documents/\(draft.id)/xml", token: token).status == .notFound)
                #expect(try await server.request(.get, "/v1/documents", token: token).decode(DocumentPage.self).items.isEmpty)
            }
            #expect(try await server.request(.post, "/v1/devices/\(deviceA)/retire", token: adminB).status == .notFound)
            // Company B's own numbering starts at 1 and B's catalog is B's.
            let numberB = try await server.issue(Sales.cash(), token: cashierB).decode(DocumentDetail.self).summary.number
            #expect(numberB == 1)
            #expect(try await server.catalog(token: cashierB).companyID != (try await server.catalog(token: tokenA).companyID))
            // The same document id in company B is a different document, not A's.
            let sameID = try await server.issue(draft, token: cashierB)
            #expect(sameID.status == .created)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

/// What one online issuance answered: the draft's id, the HTTP status and the number.
struct IssueAnswer: Sendable {
    var id: UUID
    var status: Int
    var number: Int64

    init(_ draft: DocumentDraft, server: TestServer, token: String) async throws {
        let response = try await server.issue(draft, token: token)
        id = draft.id
        status = Int(response.status.code)
        number = try response.decode(DocumentDetail.self).summary.number
    }

    /// Sends every draft at once.
    static func all(_ drafts: [DocumentDraft], server: TestServer, token: String) async throws -> [IssueAnswer] {
        try await withThrowingTaskGroup(of: IssueAnswer.self) { group in
            for draft in drafts {
                group.addTask { try await IssueAnswer(draft, server: server, token: token) }
            }
            var all: [IssueAnswer] = []
            for try await answer in group { all.append(answer) }
            return all
        }
    }
}
