import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Logging
import Testing

@Suite("Reporte Z")
struct ZReportTests {
    func close(_ server: TestServer, point: String = "001", day: String = "2026-03-14", token: String) async throws -> APIResponse {
        try await server.send(.post, "/v1/z-reports", token: token, ZReportRequest(pointOfSale: point, day: day))
    }

    @Test("Z totals equal the sum of the day's documents, by type, rate and payment; contingency listed apart",
          arguments: Backend.allCases)
    func totals(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            let token = device.token
            var issued: [DocumentDetail] = []
            for (index, price) in ["4.25", "1.99", "10.00"].enumerated() {
                server.clock.advance(600)
                var draft = Sales.cash(price: price)
                if index == 1 {
                    draft.billingMethod = .fullInvoice
                    draft.payments = [Payment(method: .creditCard, amount: Money("2.00")!), .cash(Money("5.00")!)]
                }
                issued.append(try await server.issue(draft, token: token).decode(DocumentDetail.self))
            }
            let note = try await server.issue(Sales.cash(type: .genericCreditNote, price: "1.00", quantity: "1"), token: token)
                .decode(DocumentDetail.self)
            let offline = try device.document(number: device.grant.block.first, after: 1800)
            #expect(try await device.upload([offline]).first?.status == .accepted)
            // Another point's sale is not in this Z.
            let other = try await server.login(point: "002", device: "caja-002")
            _ = try await server.issue(Sales.cash(), token: other)

            let response = try await close(server, token: token)
            #expect(response.status == .created, "\(response.text)")
            let z = try response.decode(ZReport.self)
            #expect(z.number == 1)
            #expect(z.documentCount == 5)
            let invoices = issued.map(\.document) + [offline]
            let invoiceTotal = invoices.map(\.totals.total).sum()
            let invoiceLine = try #require(z.byType.first { $0.type == "01" })
            #expect(invoiceLine.count == 4)
            #expect(invoiceLine.total == invoiceTotal)
            #expect(invoiceLine.itbms == invoices.map(\.totals.itbms).sum())
            // The offline document holds the block's first number; online ones come above the block.
            #expect(invoiceLine.firstNumber == offline.issuance.number.value)
            #expect(invoiceLine.lastNumber == issued.map(\.summary.number).max())
            let noteLine = try #require(z.byType.first { $0.type == "06" })
            #expect(noteLine.total == note.document.totals.total)
            #expect(z.netTotal == invoiceTotal - note.document.totals.total)
            #expect(z.byRate.map(\.itbms).sum() == invoices.map(\.totals.itbms).sum() - note.document.totals.itbms)
            #expect(z.byPayment.first { $0.method == "03" }?.amount == Money("2.00")!)
            let received = invoices.map(\.totals.received).sum() - note.document.totals.received
            #expect(z.byPayment.map(\.amount).sum() == received)
            #expect(z.byPayment.map(\.amount).sum() - z.change == z.netTotal)
            #expect(z.contingency.map(\.id) == [offline.id])
            #expect(z.late.isEmpty)

            let fetched = try await server.request(.get, "/v1/z-reports/\(z.id)", token: token).decode(ZReport.self)
            #expect(fetched == z)
        }
    }

    @Test("a second Z for the same day is refused; an offline document of a closed day is flagged and goes to the next Z",
          arguments: Backend.allCases)
    func immutableAndLate(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            _ = try await server.issue(Sales.cash(), token: device.token)
            #expect(try await close(server, token: device.token).status == .created)
            let again = try await close(server, token: device.token)
            #expect(again.status == .conflict)
            #expect(again.error?.code == "Z_ALREADY_EXISTS")

            // The register was offline that day and syncs after the Z.
            let late = try device.document(number: device.grant.block.first, after: 3600)
            let result = try #require(try await device.upload([late]).first)
            #expect(result.status == .accepted)
            #expect(result.flags.map(\.rawValue).contains("DAY_ALREADY_CLOSED"))
            server.clock.advance(86_400)
            let next = try await close(server, day: "2026-03-15", token: device.token).decode(ZReport.self)
            #expect(next.number == 2)
            #expect(next.late.map(\.id) == [late.id])
            #expect(next.documentCount == 1)
        }
    }

    @Test("O9: documents stored before Z figures existed get them at start and are counted; one that cannot be read is named",
          arguments: Backend.allCases)
    func figuresFilledAtStart(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let sold = try await server.issue(Sales.cash(price: "7.35"), token: token).decode(DocumentDetail.self)
            let other = try await server.login(point: "002", device: "caja-002")
            let broken = try await server.issue(Sales.cash(), token: other).decode(DocumentDetail.self)
            // As documents of a version before figures: waiting for their Z in z_open, without
            // figures; one of them with JSON that no longer decodes.
            try await server.asBeforeZBuckets(figures: false)
            try await server.app.database.transaction { db in
                try await db.raw("UPDATE documents SET document_json = '{}' WHERE id = \(bind: broken.summary.id.uuidString)").run()
            }
            #expect(try await ZReportService.carryWaiting(server.app.database, repository: server.app.repositories.zReports,
                                                          logger: Logger(label: "test")) == 1)
            let z = try await close(server, token: token).decode(ZReport.self)
            #expect(z.documentCount == 1)
            #expect(z.netTotal == sold.document.totals.total)
            let refused = try await close(server, point: "002", token: other)
            #expect(refused.status == .conflict)
            #expect(refused.error?.code == "Z_FIGURES_MISSING")
            #expect(refused.error?.message.contains(broken.summary.id.uuidString) == true)
            let left = try await server.app.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM z_open").first(decodingColumn: "n", as: Int.self)
            }
            #expect(left == 1)
        }
    }

    @Test("O9: a server upgraded with documents waiting for their Z carries them into Z buckets and makes the same Z as before, late and contingency ones listed",
          arguments: Backend.allCases)
    func upgradeCarriesWaiting(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server)
            _ = try await server.issue(Sales.cash(price: "3.10"), token: device.token)
            #expect(try await close(server, token: device.token).status == .created)
            let late = try device.document(number: device.grant.block.first, after: 3600, price: "2.60")
            #expect(try await device.upload([late]).first?.status == .accepted)
            server.clock.advance(86_400)
            _ = try await server.issue(Sales.cash(price: "8.40"), token: device.token)
            _ = try await server.issue(Sales.cash(type: .genericCreditNote, price: "1.00", quantity: "1"), token: device.token)
            let waiting = try await server.asBeforeZBuckets(figures: true)
            #expect(waiting.count == 3)
            #expect(try await ZReportService.carryWaiting(server.app.database, repository: server.app.repositories.zReports,
                                                          logger: nil) == 3)
            let z = try await close(server, day: "2026-03-15", token: device.token).decode(ZReport.self)
            #expect(z == (try await server.zAsBefore(z, documents: waiting)))
            #expect(z.documentCount == 3)
            #expect(z.late.map(\.id) == [late.id])
            #expect(z.contingency.map(\.id) == [late.id])
            // A Z that finds documents of its point still waiting (an earlier version's server
            // stored them during the upgrade) carries them first.
            server.clock.advance(86_400)
            let more = try await server.issue(Sales.cash(price: "5.55"), token: device.token).decode(DocumentDetail.self)
            #expect(try await server.asBeforeZBuckets(figures: true) == [more.summary.id])
            let next = try await close(server, day: "2026-03-16", token: device.token).decode(ZReport.self)
            #expect(next.documentCount == 1)
            #expect(next.netTotal == more.document.totals.total)
            let left = try await server.app.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM z_open").first(decodingColumn: "n", as: Int.self)
            }
            #expect(left == 0)
        }
    }

    @Test("O9: documents synced by two registers of the point while its day is being closed are each in exactly one Z, and each Z's figures are its documents'",
          arguments: Backend.allCases)
    func syncRacingZ(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let registers = [try await OfflineDevice.start(server, device: "caja-a", blockSize: 30),
                             try await OfflineDevice.start(server, device: "caja-b", blockSize: 30)]
            let perRegister = 20
            let sales = try registers.map { register in
                try (0..<perRegister).map { try register.document(number: register.grant.block.first + Int64($0), after: Double(60 * ($0 + 1)),
                                                                  price: "\($0 + 1).\(10 + $0)") }
            }
            let all = sales.flatMap { $0 }
            let stored = StoredCount()
            // The Z of the day starts once some documents are in, while both registers go on syncing.
            let closing = Task {
                while await stored.waiting(for: 6) { try await Task.sleep(for: .milliseconds(5)) }
                return try await close(server, token: registers[0].token)
            }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (register, documents) in zip(registers, sales) {
                        group.addTask {
                            for document in documents {
                                let result = try await register.upload([document])
                                #expect(result.first?.status == .accepted, "\(result)")
                                await stored.add()
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            } catch {
                await stored.finish()
                throw error
            }
            await stored.finish()
            let first = try await closing.value.decode(ZReport.self)
            server.clock.advance(86_400)
            let second = try await close(server, day: "2026-03-15", token: registers[0].token).decode(ZReport.self)

            let inFirst = Set(first.contingency.map(\.id))
            let inSecond = Set(second.contingency.map(\.id))
            #expect(inFirst.isDisjoint(with: inSecond))
            #expect(inFirst.union(inSecond) == Set(all.map(\.id)))
            #expect(first.documentCount == inFirst.count)
            #expect(second.documentCount == inSecond.count)
            #expect(Set(second.late.map(\.id)) == inSecond)
            for (z, ids) in [(first, inFirst), (second, inSecond)] {
                let documents = all.filter { ids.contains($0.id) }
                #expect(z.netTotal == documents.map(\.totals.total).sum())
                #expect(z.byRate.map(\.itbms).sum() == documents.map(\.totals.itbms).sum())
                #expect(z.byPayment.map(\.amount).sum() == documents.map(\.totals.received).sum())
                #expect(z.byType.first?.firstNumber == documents.map(\.issuance.number.value).min())
            }
            // Which Z took each document: its bucket's Z, exactly one.
            let taken = try await server.app.database.read { db in
                try await db.raw("""
                    SELECT zd.document_id, b.z_report_id FROM z_documents zd
                    JOIN z_buckets b ON b.company_id = zd.company_id AND b.id = zd.bucket_id
                    """).all().map { (try $0.decode(column: "document_id", as: String.self), try $0.decode(column: "z_report_id", as: String?.self)) }
            }
            #expect(taken.count == all.count)
            for (document, report) in taken {
                let id = try #require(UUID(uuidString: document))
                #expect(report == (inFirst.contains(id) ? first.id : second.id).uuidString)
            }
        }
    }

    @Test("who may close: a cashier only their point; future days refused; another company's Z is 404", arguments: Backend.allCases)
    func permissions(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.login()
            #expect(try await close(server, point: "002", token: cashier).status == .forbidden)
            let future = try await close(server, day: "2026-03-16", token: cashier)
            #expect(future.error?.code == "DAY_NOT_STARTED")
            #expect(try await close(server, day: "14-03-2026", token: cashier).error?.field == "day")
            let admin = try await server.adminToken()
            let z = try await close(server, point: "002", token: admin).decode(ZReport.self)
            var setup = DemoData.setup
            setup.users = [("admin-b", "admin-b-1234", .admin)]
            _ = try await server.app.createCompany(setup)
            let adminB = try await server.login("admin-b", "admin-b-1234", point: nil, device: nil)
            #expect(try await server.request(.get, "/v1/z-reports/\(z.id)", token: adminB).status == .notFound)
            #expect(try await server.request(.get, "/v1/z-reports", token: adminB).decode([ZReport].self).isEmpty)
        }
    }
}

/// How many documents the racing registers have stored so far.
private actor StoredCount {
    private var value = 0
    private var finished = false

    func add() { value += 1 }

    func finish() { finished = true }

    /// Whether fewer than `count` are stored and more may come.
    func waiting(for count: Int) -> Bool { value < count && !finished }
}
