import CajaCore
@testable import CajaServer
import Foundation
import SQLKit

extension TestServer {
    private struct StoredRow: Decodable {
        var companyId: String
        var id: String
        var point: String
        var issuedAt: Int64
        var documentJson: String
    }

    /// Leaves the documents no Z has taken as a server of the version before Z buckets
    /// (migration 18) left them: waiting in `z_open` with their figures as that version wrote
    /// them, or without figures (as before migration 6) when `figures` is false; no buckets.
    /// Answers the ids it moved.
    @discardableResult
    func asBeforeZBuckets(figures: Bool) async throws -> [UUID] {
        try await app.database.transaction { db in
            let rows = try await db.raw("""
                SELECT d.company_id, d.id, d.point, d.issued_at, d.document_json FROM documents d
                JOIN z_documents zd ON zd.company_id = d.company_id AND zd.document_id = d.id
                JOIN z_buckets b ON b.company_id = zd.company_id AND b.id = zd.bucket_id
                WHERE b.z_report_id IS NULL
                """).all(decoding: StoredRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            for row in rows {
                let text = figures
                    ? ZReport.Contribution(document: try StrictJSON.decoder.decode(FiscalDocument.self, from: Data(row.documentJson.utf8))).encoded
                    : nil
                try await db.raw("""
                    INSERT INTO z_open (company_id, document_id, point, issued_at, z_figures)
                    VALUES (\(bind: row.companyId), \(bind: row.id), \(bind: row.point), \(bind: row.issuedAt), \(bind: text))
                    """).run()
            }
            let open = "SELECT id FROM z_buckets WHERE z_report_id IS NULL"
            try await db.raw("DELETE FROM z_documents WHERE bucket_id IN (\(unsafeRaw: open))").run()
            try await db.raw("DELETE FROM z_running WHERE bucket_id IN (\(unsafeRaw: open))").run()
            try await db.raw("DELETE FROM z_buckets WHERE z_report_id IS NULL").run()
            return try rows.map { try UUID(uuidString: $0.id).orThrow("id") }
        }
    }

    /// The Z the version before Z buckets made of these documents, with `z`'s id, number and
    /// creation: each document's own figures added up by ``ZReport/init(id:number:pointOfSale:day:createdAt:createdBy:entries:)``.
    func zAsBefore(_ z: ZReport, documents ids: [UUID]) async throws -> ZReport {
        let day = try PanamaTime.BusinessDay(z.day).orThrow("day")
        let company = try await app.database.read { db in
            try await db.raw("SELECT company_id FROM documents WHERE id = \(bind: ids[0].uuidString)").first(decodingColumn: "company_id", as: String.self)
        }.flatMap(UUID.init(uuidString:)).orThrow("company")
        let documents = app.repositories.documents
        let (rows, summaries) = try await app.database.read { db in
            var sql = SQLQueryString("SELECT company_id, id, point, issued_at, document_json FROM documents WHERE id IN ")
            sql.appendList(ids.map(\.uuidString))
            return (try await db.raw(sql).all(decoding: StoredRow.self, keyDecodingStrategy: .convertFromSnakeCase),
                    try await documents.summaries(ids: ids, company: company, db: db))
        }
        let entries = try rows.map { row in
            let document = try StrictJSON.decoder.decode(FiscalDocument.self, from: Data(row.documentJson.utf8))
            return ZReport.Entry(contribution: ZReport.Contribution(document: document),
                                 summary: summaries.first { $0.summary.id == document.id }?.summary,
                                 late: Date(millis: row.issuedAt) < day.start)
        }
        return ZReport(id: z.id, number: z.number, pointOfSale: z.pointOfSale, day: z.day, createdAt: z.createdAt,
                       createdBy: z.createdBy, entries: entries)
    }
}
