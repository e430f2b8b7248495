import CajaCore
import Foundation
import SQLKit

/// ``ZReportRepository`` in SQLKit.
struct SQLZReportRepository: ZReportRepository {
    private struct OpenRow: Decodable {
        var documentId: String
        var issuedAt: Int64
        var zFigures: String?
    }

    private struct ReportRow: Decodable {
        var reportJson: String

        var report: ZReport { get throws { try StrictJSON.decoder.decode(ZReport.self, from: Data(reportJson.utf8)) } }
    }

    private struct FillRow: Decodable {
        var companyId: String
        var documentId: String
        var documentJson: String
    }

    private struct MaxRow: Decodable {
        var n: Int64?
    }

    func open(_ records: [DocumentRecord], db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: records.count, by: 200) {
            var sql = SQLQueryString("INSERT INTO z_open (company_id, document_id, point, issued_at, z_figures) VALUES ")
            for (index, record) in records[start..<min(records.count, start + 200)].enumerated() {
                let document = record.document
                sql.appendInterpolation(unsafeRaw: index == 0 ? "" : ", ")
                sql.appendInterpolation(SQLQueryString("""
                    (\(bind: record.companyID.uuidString), \(bind: document.id.uuidString), \(bind: document.issuance.pointOfSale.code),
                     \(bind: document.issuance.issuedAt.millis), \(bind: ZReport.Contribution(document: document).encoded))
                    """))
            }
            try await db.raw(sql).run()
        }
    }

    func exists(point: PointOfSale, day: PanamaTime.BusinessDay, company: UUID, db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            SELECT id FROM z_reports WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
              AND business_day = \(bind: day.description)
            """).first() != nil
    }

    func nextNumber(point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> Int64 {
        let last = try await db.raw("""
            SELECT MAX(number) AS n FROM z_reports WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
            """).row(MaxRow.self)?.n
        return (last ?? 0) + 1
    }

    func take(point: PointOfSale, issuedBefore end: Date, company: UUID, db: any SQLDatabase) async throws -> [ZOpenEntry] {
        try await db.raw("""
            DELETE FROM z_open WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
              AND issued_at < \(bind: end.millis)
            RETURNING document_id, issued_at, z_figures
            """).rows(OpenRow.self).map {
            ZOpenEntry(document: try UUID(uuidString: $0.documentId).orThrow("document id \($0.documentId)"),
                       issuedAt: Date(millis: $0.issuedAt), figures: $0.zFigures)
        }
    }

    func insert(_ report: ZReport, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO z_reports (id, company_id, point, business_day, number, created_at, created_by, report_json)
            VALUES (\(bind: report.id.uuidString), \(bind: company.uuidString), \(bind: report.pointOfSale), \(bind: report.day),
                    \(bind: report.number), \(bind: report.createdAt.millis), \(bind: report.createdBy),
                    \(bind: String(decoding: try StrictJSON.encoder.encode(report), as: UTF8.self)))
            """).run()
    }

    func find(id: UUID, company: UUID, db: any SQLDatabase) async throws -> ZReport? {
        try await db.raw("SELECT report_json FROM z_reports WHERE company_id = \(bind: company.uuidString) AND id = \(bind: id.uuidString)")
            .row(ReportRow.self)?.report
    }

    func list(company: UUID, point: String?, db: any SQLDatabase) async throws -> [ZReport] {
        var sql = SQLQueryString("SELECT report_json FROM z_reports WHERE company_id = \(bind: company.uuidString)")
        if let point { sql.appendInterpolation(unsafeRaw: " AND point = "); sql.appendInterpolation(bind: point) }
        sql.appendInterpolation(unsafeRaw: " ORDER BY business_day DESC, point LIMIT 500")
        return try await db.raw(sql).rows(ReportRow.self).map { try $0.report }
    }

    func withoutFigures(after: ZOpenKey, limit: Int, db: any SQLDatabase) async throws -> [(key: ZOpenKey, documentJSON: String)] {
        try await db.raw("""
            SELECT z.company_id, z.document_id, d.document_json FROM z_open z
            JOIN documents d ON d.company_id = z.company_id AND d.id = z.document_id
            WHERE z.z_figures IS NULL AND (z.company_id, z.document_id) > (\(bind: after.company), \(bind: after.document))
            ORDER BY z.company_id, z.document_id LIMIT \(bind: limit)
            """).rows(FillRow.self).map { (ZOpenKey(company: $0.companyId, document: $0.documentId), $0.documentJson) }
    }

    func setFigures(_ figures: ZReport.Contribution, for key: ZOpenKey, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE z_open SET z_figures = \(bind: figures.encoded) WHERE company_id = \(bind: key.company) AND document_id = \(bind: key.document)
            """).run()
    }
}
