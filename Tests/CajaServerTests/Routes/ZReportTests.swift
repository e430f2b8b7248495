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
            // As documents of the previous version: waiting for their Z, without figures; one
            // of them with JSON that no longer decodes.
            try await server.app.database.transaction { db in
                try await db.raw("UPDATE z_open SET z_figures = NULL").run()
                try await db.raw("UPDATE documents SET document_json = '{}' WHERE id = \(bind: broken.summary.id.uuidString)").run()
            }
            try await ZReportService.fillFigures(server.app.database, repository: server.app.repositories.zReports, logger: Logger(label: "test"))
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
