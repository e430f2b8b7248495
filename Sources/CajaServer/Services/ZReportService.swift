import CajaCore
import Foundation
import Logging
import SQLKit

/// Reportes Z (online only, O9): the closing of a point of sale's business day.
///
/// A Z takes every document of its point issued before the end of its day that no earlier
/// Z took — so offline documents of an already closed day, synced late, land in the next Z
/// and are listed there as late. Documents not yet taken wait in `z_open` with their figures
/// (``ZReport/Contribution``); taking and reading are one statement (`DELETE … RETURNING`),
/// so a document synced during the closing is either in this Z or left for the next, never
/// in two and never in none.
struct ZReportService: Sendable {
    let database: any DatabaseDriver
    let configuration: ServerConfiguration

    func create(_ request: ZReportRequest, by identity: Identity) async throws -> ZReport {
        let point: PointOfSale
        do { point = try PointOfSale(request.pointOfSale) } catch { throw APIError(error) }
        if identity.role == .cashier, identity.pointOfSale != point { throw APIError.forbidden }
        guard let start = PanamaTime.parseDGITimestamp(request.day + "T00:00:00-05:00"), request.day.count == 10 else {
            throw APIError.badRequest("day must be AAAA-MM-DD", field: "day")
        }
        let end = start.addingTimeInterval(86_400)
        let now = configuration.clock.now()
        guard start <= now else {
            throw APIError(.unprocessableContent, code: "DAY_NOT_STARTED", message: "\(request.day) has not begun in Panama", field: "day")
        }
        let company = identity.companyID
        let id = UUID()
        do {
            return try await database.transaction { db in
                let known = try await db.raw("SELECT 1 AS one FROM points_of_sale WHERE company_id = \(bind: company.uuidString) AND code = \(bind: point.code)").first()
                guard known != nil else { throw APIError.notFound("point of sale") }
                let taken = try await db.raw("""
                    SELECT id FROM z_reports WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
                      AND business_day = \(bind: request.day)
                    """).first()
                guard taken == nil else { throw Self.alreadyClosed(request.day) }
                let number = (try await db.raw("""
                    SELECT MAX(number) AS n FROM z_reports WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
                    """).first(decodingColumn: "n", as: Int64?.self) ?? nil).map { $0 + 1 } ?? 1
                // Taking and reading are one statement, so a document stored during the
                // closing is in this Z or left for the next, never in two and never in none.
                let open = try await db.raw("""
                    DELETE FROM z_open WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
                      AND issued_at < \(bind: end.millis)
                    RETURNING document_id, issued_at, z_figures
                    """).all()
                let entries = try await Self.entries(open, company: company, dayStart: start, db: db)
                let report = ZReport(id: id, number: number, pointOfSale: point.code, day: request.day,
                                     createdAt: Date(millis: now.millis), createdBy: identity.username, entries: entries)
                try await db.raw("""
                    INSERT INTO z_reports (id, company_id, point, business_day, number, created_at, created_by, report_json)
                    VALUES (\(bind: id.uuidString), \(bind: company.uuidString), \(bind: point.code), \(bind: request.day),
                            \(bind: number), \(bind: now.millis), \(bind: identity.username),
                            \(bind: String(decoding: try StrictJSON.encoder.encode(report), as: UTF8.self)))
                    """).run()
                return report
            }
        } catch where database.isUniqueViolation(error) {
            throw Self.alreadyClosed(request.day)
        }
    }

    /// The Z entries of the taken rows: each one's figures, plus, for the documents the Z
    /// lists (contingency and late ones), a summary read from the document's columns.
    private static func entries(_ taken: [any SQLRow], company: UUID, dayStart: Date, db: any SQLDatabase) async throws -> [ZReport.Entry] {
        var entries: [UUID: ZReport.Entry] = [:]
        for row in taken {
            let idText = try row.decode(column: "document_id", as: String.self)
            let id = try UUID(uuidString: idText).orThrow("document id \(idText)")
            guard let text = try row.decode(column: "z_figures", as: String?.self) else {
                throw APIError(.conflict, code: "Z_FIGURES_MISSING",
                               message: "document \(id) has no Z figures: its stored JSON does not decode (see the server log)")
            }
            let contribution: ZReport.Contribution
            do { contribution = try ZReport.Contribution(encoded: text) } catch { throw APIError(error) }
            let late = Date(millis: try row.decode(column: "issued_at", as: Int64.self)) < dayStart
            entries[id] = ZReport.Entry(contribution: contribution, summary: nil, late: late)
        }
        let listed = entries.filter { $0.value.late || $0.value.contribution.contingency }.map(\.key)
        for start in stride(from: 0, to: listed.count, by: 500) {
            var sql = SQLQueryString("SELECT \(unsafeRaw: DocumentRecord.summaryColumns) FROM documents WHERE company_id = \(bind: company.uuidString) AND id IN ")
            sql.appendList(listed[start..<min(listed.count, start + 500)].map(\.uuidString))
            for row in try await db.raw(sql).all() {
                let summary = try DocumentRecord.summary(from: row)
                entries[summary.id]?.summary = summary
            }
        }
        return Array(entries.values)
    }

    /// Fills the Z figures of documents stored before they existed (migration 6), once, at
    /// the server's start, from each document's own JSON, walking z_open by key. A document
    /// whose JSON no longer decodes is logged and left without figures: the server still
    /// starts, and a Z of its point answers Z_FIGURES_MISSING naming it.
    static func fillFigures(_ database: any DatabaseDriver, logger: Logger) async throws {
        var after = ("", "")
        while true {
            let last = after
            let page = try await database.transaction { db -> (count: Int, last: (String, String)) in
                let rows = try await db.raw("""
                    SELECT z.company_id, z.document_id, d.document_json FROM z_open z
                    JOIN documents d ON d.company_id = z.company_id AND d.id = z.document_id
                    WHERE z.z_figures IS NULL AND (z.company_id, z.document_id) > (\(bind: last.0), \(bind: last.1))
                    ORDER BY z.company_id, z.document_id LIMIT 500
                    """).all()
                var key = last
                for row in rows {
                    key = (try row.decode(column: "company_id", as: String.self), try row.decode(column: "document_id", as: String.self))
                    let json = try row.decode(column: "document_json", as: String.self)
                    guard let document = try? StrictJSON.decoder.decode(FiscalDocument.self, from: Data(json.utf8)) else {
                        logger.error("document has no Z figures: its JSON does not decode", metadata: ["document": "\(key.1)"])
                        continue
                    }
                    try await db.raw("""
                        UPDATE z_open SET z_figures = \(bind: ZReport.Contribution(document: document).encoded)
                        WHERE company_id = \(bind: key.0) AND document_id = \(bind: key.1)
                        """).run()
                }
                return (rows.count, key)
            }
            if page.count == 0 { return }
            after = page.last
        }
    }

    static func alreadyClosed(_ day: String) -> APIError {
        APIError(.conflict, code: "Z_ALREADY_EXISTS", message: "the day \(day) of this point already has its Reporte Z", field: "day")
    }

    func get(_ id: UUID, company: UUID) async throws -> ZReport {
        let json = try await database.read { db in
            try await db.raw("SELECT report_json FROM z_reports WHERE company_id = \(bind: company.uuidString) AND id = \(bind: id.uuidString)")
                .first(decodingColumn: "report_json", as: String.self)
        }
        guard let json else { throw APIError.notFound("Reporte Z") }
        return try StrictJSON.decoder.decode(ZReport.self, from: Data(json.utf8))
    }

    func list(company: UUID, point: String?) async throws -> [ZReport] {
        let rows = try await database.read { db in
            var sql = SQLQueryString("SELECT report_json FROM z_reports WHERE company_id = \(bind: company.uuidString)")
            if let point { sql.appendInterpolation(unsafeRaw: " AND point = "); sql.appendInterpolation(bind: point) }
            sql.appendInterpolation(unsafeRaw: " ORDER BY business_day DESC, point LIMIT 500")
            return try await db.raw(sql).all()
        }
        return try rows.map { try StrictJSON.decoder.decode(ZReport.self, from: Data($0.decode(column: "report_json", as: String.self).utf8)) }
    }

    /// Whether the business day of `date` is already closed for `point` (a late sync is flagged).
    static func isClosed(point: PointOfSale, at date: Date, company: UUID, db: any SQLDatabase) async throws -> Bool {
        let day = PanamaTime.dgiTimestamp(date).prefix(10)
        return try await db.raw("""
            SELECT 1 AS one FROM z_reports WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
              AND business_day = \(bind: String(day))
            """).first() != nil
    }
}
