import AsyncHTTPClient
import CajaCore
import CajaServer
import Foundation
import NIOCore
import SQLKit

/// 4. A million documents in PostgreSQL: the first and a deep page of a filtered list
/// (`GET /v1/documents?point=&type=`), and Reportes Z of days with 5,000 documents, each over
/// HTTP. The rows are loaded with one INSERT … SELECT from a real document (the query and the
/// decoding of each page are real; the contents repeat); the Z days' documents wait as an
/// earlier version left them (`z_open`), and the server is restarted, so its start carries
/// them into their Z buckets as an upgraded server does.
enum ScaleBenchmark {
    static func run(postgres: String, documents: Int, zDays: Int, samples: Int) async throws -> [Result] {
        var server = try await BenchServer(postgres: postgres)
        let company = try await ServerBenchmarks.benchCompany(server, points: 11)
        var database = server.app.database
        let users = try await database.read { db in
            try await db.raw("SELECT username, role FROM users WHERE company_id = \(bind: company.uuidString)").all()
        }
        let admin = try users.first { try $0.decode(column: "role", as: String.self) == "admin" }!.decode(column: "username", as: String.self)
        let cashier = try users.first { try $0.decode(column: "role", as: String.self) == "cashier" }!.decode(column: "username", as: String.self)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let adminToken: SessionResponse = try await ServerBenchmarks.post(http, server.url + "/v1/sessions", token: nil,
                                                                          SessionRequest(user: admin, password: ServerBenchmarks.password), as: SessionResponse.self)
        let cashierToken: SessionResponse = try await ServerBenchmarks.post(http, server.url + "/v1/sessions", token: nil,
            try SessionRequest(user: cashier, password: ServerBenchmarks.password, pointOfSale: "001", device: "scale")
                .signed(with: DeviceKey(), at: Date()), as: SessionResponse.self)
        // One real document to copy.
        let draft = DocumentDraft(id: UUID(), type: .invoice, lines: [
            LineItem(code: "7504", description: "Café molido 1 lb", quantity: Quantity(2), unitPrice: Money(cents: 599), rate: .general),
        ], payments: [.cash(Money(cents: 2000))])
        let sample: DocumentDetail = try await ServerBenchmarks.post(http, server.url + "/v1/documents", token: cashierToken.token, draft,
                                                                     as: DocumentDetail.self)
        let figures = ZReport.Contribution(document: sample.document).encoded

        let base: Int64 = 1_767_243_600_000   // 2026-01-01 00:00 Panama
        let loadStart = ContinuousClock.now
        let perChunk = 100_000
        for chunk in stride(from: 1, through: documents, by: perChunk) {
            let last = min(documents, chunk + perChunk - 1)
            try await database.transaction { db in
                try await db.raw("""
                    INSERT INTO documents (id, company_id, point, doc_type, number, cufe, emission, total_cents, issued_at, dgi_status,
                                           flags, document_json, xml, qr_url, received_at)
                    SELECT upper(md5('d' || g::text)::uuid::text), s.company_id, lpad(((g % 10) + 1)::text, 3, '0'),
                           CASE WHEN g % 20 = 0 THEN '06' ELSE '01' END, 1000 + g, s.cufe,
                           CASE WHEN g % 7 = 0 THEN 'contingency' ELSE 'normal' END, s.total_cents, \(bind: base) + g::bigint * 2500,
                           'authorized', '', s.document_json, '<rFE/>', s.qr_url, \(bind: base) + g::bigint * 2500
                    FROM generate_series(\(bind: chunk), \(bind: last)) g,
                         (SELECT * FROM documents WHERE company_id = \(bind: company.uuidString) LIMIT 1) s
                    """).run()
            }
        }
        // Point 011: zDays days of 5,000 documents each, for the Reportes Z.
        let dayMillis: Int64 = 86_400_000
        let zBase = base + 60 * dayMillis
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO documents (id, company_id, point, doc_type, number, cufe, emission, total_cents, issued_at, dgi_status,
                                       flags, document_json, xml, qr_url, received_at)
                SELECT upper(md5('z' || g::text)::uuid::text), s.company_id, '011', CASE WHEN g % 20 = 0 THEN '06' ELSE '01' END, 1000 + g,
                       s.cufe, 'normal', s.total_cents, \(bind: zBase) + (g / 5000) * \(bind: dayMillis) + (g % 5000) * 10000,
                       'authorized', '', s.document_json, '<rFE/>', s.qr_url, 0
                FROM generate_series(0, \(bind: zDays * 5000 - 1)) g,
                     (SELECT * FROM documents WHERE company_id = \(bind: company.uuidString) LIMIT 1) s
                """).run()
            // They wait for their Z with the copied document's figures, as documents of an earlier
            // version (z_open), which the restart below takes in as an upgraded server does. The
            // million rows of the other points stand for history, which daily Z's have already taken.
            try await db.raw("""
                INSERT INTO z_open (company_id, document_id, point, issued_at, z_figures)
                SELECT d.company_id, d.id, d.point, d.issued_at, \(bind: figures) FROM documents d
                WHERE d.company_id = \(bind: company.uuidString) AND d.point = '011'
                """).run()
            try await db.raw("DELETE FROM z_open WHERE company_id = \(bind: company.uuidString) AND point <> '011'").run()
            try await db.raw("ANALYZE documents").run()
        }
        await server.stop()
        let restartStart = ContinuousClock.now
        server = try await BenchServer(postgres: postgres)
        let restartSeconds = (ContinuousClock.now - restartStart).seconds
        let loadSeconds = (restartStart - loadStart).seconds
        database = server.app.database

        let filter = "/v1/documents?point=003&type=01&limit=50"
        // The deep page starts after the row 90 % down the filtered list.
        let deep = try await database.read { db in
            try await db.raw("""
                SELECT issued_at, id FROM documents WHERE company_id = \(bind: company.uuidString) AND point = '003' AND doc_type = '01'
                ORDER BY issued_at DESC, id DESC OFFSET \(bind: documents * 9 / 100) LIMIT 1
                """).first()
        }
        guard let deep else { throw BenchError("no deep row") }
        let cursor = Data("\(try deep.decode(column: "issued_at", as: Int64.self))|\(try deep.decode(column: "id", as: String.self))".utf8)
            .base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var first = Samples()
        var deepPage = Samples()
        for _ in 0..<10 { _ = try await ServerBenchmarks.get(http, server.url + filter, token: adminToken.token) }
        for _ in 0..<samples {
            _ = try await first.time { try await ServerBenchmarks.get(http, server.url + filter, token: adminToken.token) }
            _ = try await deepPage.time { try await ServerBenchmarks.get(http, server.url + filter + "&after=\(cursor)", token: adminToken.token) }
        }
        var z = Samples()
        for day in 0..<zDays {
            let date = Date(timeIntervalSince1970: Double(zBase + Int64(day) * dayMillis) / 1000 + 43_200)
            let request = ZReportRequest(pointOfSale: "011", day: String(PanamaTime.dgiTimestamp(date).prefix(10)))
            let report: ZReport = try await z.time {
                try await ServerBenchmarks.post(http, server.url + "/v1/z-reports", token: adminToken.token, request, as: ZReport.self)
            }
            guard report.documentCount == 5000 else { throw BenchError("Z of \(request.day) counted \(report.documentCount)") }
        }
        try await http.shutdown()
        await server.stop()
        let label = "4. \(documents / 1000)k documents (PostgreSQL, loaded in \(Int(loadSeconds)) s, restart \(Int(restartSeconds)) s)"
        return [
            Result(benchmark: label, measure: "first page, filtered (p99 of \(samples))", ours: Format.ms(first.p99), baseline: "p50 \(Format.ms(first.p50))",
                   ratio: "—", goal: "p99 < 50 ms", met: first.p99 < 0.05),
            Result(benchmark: label, measure: "deep page (90 %), filtered (p99 of \(samples))", ours: Format.ms(deepPage.p99),
                   baseline: "p50 \(Format.ms(deepPage.p50))", ratio: "—", goal: "p99 < 50 ms", met: deepPage.p99 < 0.05),
            Result(benchmark: label, measure: "Reporte Z of a 5,000-document day (p99 of \(zDays))", ours: Format.ms(z.p99),
                   baseline: "p50 \(Format.ms(z.p50))", ratio: "—", goal: "p99 < 50 ms", met: z.p99 < 0.05),
        ]
    }
}
