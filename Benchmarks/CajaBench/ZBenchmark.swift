import AsyncHTTPClient
import CajaCore
import CajaServer
import Foundation
import NIOCore
import SQLKit

/// 4z. Reportes Z of days with 5,000 documents each (issue 16, item 4: goal p99 < 50 ms), on
/// SQLite and PostgreSQL, each `POST /v1/z-reports` timed over HTTP. The documents are copies
/// of one real document loaded in SQL, as documents of an earlier version waiting for their Z
/// (`z_open` with their figures); the server is then restarted, so its start takes them in as
/// an upgraded server would, and the Z's are closed one day at a time.
enum ZBenchmark {
    static let perDay = 5000

    static func run(postgres: String?, days: Int) async throws -> [Result] {
        var results = [try await one(postgres: nil, label: "SQLite", days: days)]
        if let postgres { results.append(try await one(postgres: postgres, label: "PostgreSQL", days: days)) }
        return results
    }

    static func one(postgres: String?, label: String, days: Int) async throws -> Result {
        let scratch = Scratch()
        let first = try await BenchServer(postgres: postgres, scratch: scratch)
        let company = try await ServerBenchmarks.benchCompany(first, points: 2)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let (admin, cashier) = try await users(first, company: company)
        let cashierToken = try await ServerBenchmarks.post(http, first.url + "/v1/sessions", token: nil,
            try SessionRequest(user: cashier, password: ServerBenchmarks.password, pointOfSale: "001", device: "z-bench")
                .signed(with: DeviceKey(), at: Date()), as: SessionResponse.self).token
        let draft = DocumentDraft(id: UUID(), type: .invoice, lines: [
            LineItem(code: "7504", description: "Café molido 1 lb", quantity: Quantity(2), unitPrice: Money(cents: 599), rate: .general),
        ], payments: [.cash(Money(cents: 2000))])
        let sample: DocumentDetail = try await ServerBenchmarks.post(http, first.url + "/v1/documents", token: cashierToken, draft,
                                                                     as: DocumentDetail.self)
        let loadStart = ContinuousClock.now
        try await load(first.app.database, company: company, sample: sample, days: days)
        await first.stop(keepingData: true)
        let restartStart = ContinuousClock.now
        let server = try await BenchServer(postgres: postgres, scratch: scratch)
        let restartSeconds = (ContinuousClock.now - restartStart).seconds
        let loadSeconds = (restartStart - loadStart).seconds
        let adminToken = try await ServerBenchmarks.post(http, server.url + "/v1/sessions", token: nil,
                                                         SessionRequest(user: admin, password: ServerBenchmarks.password),
                                                         as: SessionResponse.self).token
        var z = Samples()
        var reports: [UUID] = []
        for day in 0..<days {
            let request = ZReportRequest(pointOfSale: "002", day: dayText(day))
            let report: ZReport = try await z.time {
                try await ServerBenchmarks.post(http, server.url + "/v1/z-reports", token: adminToken, request, as: ZReport.self)
            }
            guard report.documentCount == perDay else { throw BenchError("Z of \(request.day) counted \(report.documentCount)") }
            reports.append(report.id)
        }
        // Baseline: the same server reading one Z back (token check, one primary-key read, the JSON).
        var read = Samples()
        for _ in 0..<5 { for id in reports {
            _ = try await read.time { try await ServerBenchmarks.get(http, server.url + "/v1/z-reports/\(id)", token: adminToken) }
        } }
        try await http.shutdown()
        await server.stop()
        return Result(benchmark: "4z. Reporte Z, \(label) (\(days * perDay / 1000)k documents loaded in \(Int(loadSeconds)) s, restart \(String(format: "%.1f", restartSeconds)) s)",
                      measure: "Reporte Z of a 5,000-document day, over HTTP (p99 of \(days))", ours: Format.ms(z.p99),
                      baseline: "GET of a Z p99 \(Format.ms(read.p99)) (Z p50 \(Format.ms(z.p50)))", ratio: Format.ratio(z.p99 / read.p99),
                      goal: "p99 < 50 ms", met: z.p99 < 0.05)
    }

    /// 2026-01-01 00:00 in Panama, the first Z day.
    static let base: Int64 = 1_767_243_600_000
    static let dayMillis: Int64 = 86_400_000

    static func dayText(_ day: Int) -> String {
        String(PanamaTime.dgiTimestamp(Date(timeIntervalSince1970: Double(base + Int64(day) * dayMillis) / 1000 + 43_200)).prefix(10))
    }

    static func users(_ server: BenchServer, company: UUID) async throws -> (admin: String, cashier: String) {
        let rows = try await server.app.database.read { db in
            try await db.raw("SELECT username, role FROM users WHERE company_id = \(bind: company.uuidString)").all()
        }
        func user(_ role: String) throws -> String {
            guard let row = try rows.first(where: { try $0.decode(column: "role", as: String.self) == role }) else { throw BenchError("no \(role)") }
            return try row.decode(column: "username", as: String.self)
        }
        return (try user("admin"), try user("cashier"))
    }

    /// Point 002: `days` days of 5,000 copies of the sample, 10 s apart from 01:00, and their
    /// waiting rows with the sample's figures.
    static func load(_ database: any DatabaseDriver, company: UUID, sample: DocumentDetail, days: Int) async throws {
        let total = days * perDay
        let chunk = 500
        for start in stride(from: 0, to: total, by: chunk) {
            var sql = SQLQueryString("""
                INSERT INTO documents (id, company_id, point, doc_type, number, cufe, emission, total_cents, issued_at, dgi_status,
                                       flags, document_json, xml, qr_url, received_at)
                SELECT v.column1, s.company_id, '002', '01', v.column2, s.cufe, 'normal', s.total_cents, v.column3, 'authorized', '',
                       s.document_json, '<rFE/>', s.qr_url, 0
                FROM (VALUES
                """)
            for g in start..<min(total, start + chunk) {
                let issuedAt = base + Int64(g / perDay) * dayMillis + 3_600_000 + Int64(g % perDay) * 10_000
                sql.appendInterpolation(unsafeRaw: g == start ? "" : ", ")
                sql.appendInterpolation(SQLQueryString("(\(bind: UUID().uuidString), \(bind: Int64(1000 + g)), \(bind: issuedAt))"))
            }
            sql.appendInterpolation(SQLQueryString("""
                ) v, (SELECT company_id, cufe, total_cents, document_json, qr_url FROM documents
                      WHERE company_id = \(bind: company.uuidString) AND id = \(bind: sample.summary.id.uuidString)) s
                """))
            let statement = sql
            try await database.transaction { db in try await db.raw(statement).run() }
        }
        let figures = ZReport.Contribution(document: sample.document).encoded
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO z_open (company_id, document_id, point, issued_at, z_figures)
                SELECT company_id, id, point, issued_at, \(bind: figures) FROM documents
                WHERE company_id = \(bind: company.uuidString) AND point = '002'
                """).run()
        }
    }
}
