import CajaCore
import Foundation
import SQLKit

/// ``ZReportRepository`` in SQLKit.
struct SQLZReportRepository: ZReportRepository {
    private struct ReportRow: Decodable {
        var reportJson: String

        var report: ZReport { get throws { try StrictJSON.decoder.decode(ZReport.self, from: Data(reportJson.utf8)) } }
    }

    private struct IdRow: Decodable {
        var id: String
    }

    private struct DocumentRow: Decodable {
        var documentId: String
        var contingency: Int
    }

    private struct WaitingRow: Decodable {
        var documentId: String
    }

    func open(_ records: [DocumentRecord], db: any SQLDatabase) async throws {
        try await add(records.map(ZItem.init(record:)), db: db)
    }

    func add(_ items: [ZItem], db: any SQLDatabase) async throws {
        let buckets = Dictionary(grouping: items, by: \.bucketKey)
        for key in buckets.keys.sorted() {
            guard let members = buckets[key], let opener = members.first else { continue }
            let bucket = try await lockOpenBucket(key, adding: members.count, openedBy: opener.document, db: db)
            var figures = ZReport.Figures()
            for member in members { figures.add(member.contribution) }
            try await addRunning(figures, bucket: bucket, company: key.company, db: db)
            try await insertDocuments(members, bucket: bucket, db: db)
        }
    }

    /// The open bucket's id, its count raised and its row locked; opens one if none is (or the
    /// open one was taken by a Z meanwhile). A concurrent opener's row is waited for, then used.
    private func lockOpenBucket(_ key: ZBucket.Key, adding count: Int, openedBy document: UUID, db: any SQLDatabase) async throws -> String {
        for _ in 0..<3 {
            if let row = try await db.raw("""
                UPDATE z_buckets SET document_count = document_count + \(bind: Int64(count))
                WHERE company_id = \(bind: key.company) AND point = \(bind: key.point) AND business_day = \(bind: key.day) AND z_report_id IS NULL
                RETURNING id
                """).row(IdRow.self) { return row.id }
            if let row = try await db.raw("""
                INSERT INTO z_buckets (company_id, id, point, business_day, z_report_id, document_count)
                VALUES (\(bind: key.company), \(bind: document.uuidString), \(bind: key.point), \(bind: key.day), NULL, \(bind: Int64(count)))
                ON CONFLICT (company_id, point, business_day) WHERE z_report_id IS NULL DO NOTHING
                RETURNING id
                """).row(IdRow.self) { return row.id }
        }
        throw CajaError(.internalError, "no open Z bucket for \(key.point) \(key.day) after three tries")
    }

    /// Adds figures to a bucket's running rows: `x = x + excluded.x`, one statement.
    private func addRunning(_ figures: ZReport.Figures, bucket: String, company: String, db: any SQLDatabase) async throws {
        var sql = SQLQueryString("""
            INSERT INTO z_running (company_id, bucket_id, kind, code, doc_count, net_cents, itbms_cents, total_cents, first_number, last_number)
            VALUES
            """)
        for (index, row) in ZRunningRow.rows(of: figures).enumerated() {
            sql.appendInterpolation(unsafeRaw: index == 0 ? " " : ", ")
            sql.appendInterpolation(SQLQueryString("""
                (\(bind: company), \(bind: bucket), \(bind: row.kind.rawValue), \(bind: row.code), \(bind: row.docCount), \(bind: row.netCents),
                 \(bind: row.itbmsCents), \(bind: row.totalCents), \(bind: row.firstNumber), \(bind: row.lastNumber))
                """))
        }
        sql.appendInterpolation(unsafeRaw: """
             ON CONFLICT (company_id, bucket_id, kind, code) DO UPDATE SET
              doc_count = z_running.doc_count + excluded.doc_count,
              net_cents = z_running.net_cents + excluded.net_cents,
              itbms_cents = z_running.itbms_cents + excluded.itbms_cents,
              total_cents = z_running.total_cents + excluded.total_cents,
              first_number = CASE WHEN excluded.first_number < z_running.first_number THEN excluded.first_number ELSE z_running.first_number END,
              last_number = CASE WHEN excluded.last_number > z_running.last_number THEN excluded.last_number ELSE z_running.last_number END
            """)
        try await db.raw(sql).run()
    }

    private func insertDocuments(_ items: [ZItem], bucket: String, db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: items.count, by: 200) {
            var sql = SQLQueryString("INSERT INTO z_documents (company_id, document_id, bucket_id, contingency) VALUES ")
            for (index, item) in items[start..<min(items.count, start + 200)].enumerated() {
                sql.appendInterpolation(unsafeRaw: index == 0 ? "" : ", ")
                sql.appendInterpolation(SQLQueryString("""
                    (\(bind: item.company.uuidString), \(bind: item.document.uuidString), \(bind: bucket), \(bind: item.contribution.contingency ? 1 : 0))
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

    func closingState(point: PointOfSale, day: PanamaTime.BusinessDay, scope: ZOpenScope, db: any SQLDatabase) async throws -> ZClosingState {
        let company = scope.company.uuidString
        return try await db.raw("""
            SELECT (SELECT COUNT(*) FROM z_reports WHERE company_id = \(bind: company) AND point = \(bind: point.code)
                      AND business_day = \(bind: day.description)) AS closed,
                   (SELECT MAX(number) FROM z_reports WHERE company_id = \(bind: company) AND point = \(bind: point.code)) AS last_number,
                   (SELECT document_id FROM z_open WHERE company_id = \(bind: company) AND point = \(bind: scope.point.code)
                      AND issued_at < \(bind: scope.issuedBefore.millis) LIMIT 1) AS waiting
            """).row(ZClosingState.self).orThrow("Z closing state")
    }

    func take(point: PointOfSale, through day: PanamaTime.BusinessDay, for report: UUID, company: UUID,
              db: any SQLDatabase) async throws -> [ZBucket] {
        let open = try await db.raw("""
            SELECT id, business_day, document_count FROM z_buckets
            WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code) AND z_report_id IS NULL
              AND business_day <= \(bind: day.description)
            ORDER BY business_day
            """).rows(ZBucket.self)
        var taken: [ZBucket] = []
        for bucket in open {
            if let row = try await db.raw("""
                UPDATE z_buckets SET z_report_id = \(bind: report.uuidString)
                WHERE company_id = \(bind: company.uuidString) AND id = \(bind: bucket.id) AND z_report_id IS NULL
                RETURNING id, business_day, document_count
                """).row(ZBucket.self) { taken.append(row) }
        }
        return taken
    }

    func figures(of buckets: [ZBucket], company: UUID, db: any SQLDatabase) async throws -> ZReport.Figures {
        var figures = ZReport.Figures()
        guard !buckets.isEmpty else { return figures }
        var sql = SQLQueryString("""
            SELECT kind, code, doc_count, net_cents, itbms_cents, total_cents, first_number, last_number FROM z_running
            WHERE company_id = \(bind: company.uuidString) AND bucket_id IN
            """)
        sql.appendList(buckets.map(\.id))
        for row in try await db.raw(sql).rows(ZRunningRow.self) { try row.add(to: &figures) }
        return figures
    }

    func listed(in buckets: [ZBucket], day: PanamaTime.BusinessDay, company: UUID, db: any SQLDatabase) async throws -> [ZListing] {
        let late = buckets.filter { $0.businessDay < day.description }
        let onDay = buckets.filter { $0.businessDay >= day.description }
        var listed: [ZListing] = []
        for (group, isLate) in [(onDay, false), (late, true)] where !group.isEmpty {
            var sql = SQLQueryString("""
                SELECT document_id, contingency FROM z_documents WHERE company_id = \(bind: company.uuidString) AND bucket_id IN
                """)
            sql.appendList(group.map(\.id))
            if !isLate { sql.appendInterpolation(unsafeRaw: " AND contingency = 1") }
            for row in try await db.raw(sql).rows(DocumentRow.self) {
                listed.append(ZListing(document: try UUID(uuidString: row.documentId).orThrow("document id \(row.documentId)"),
                                       contingency: row.contingency == 1, late: isLate))
            }
        }
        return listed
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

    func waiting(after: ZOpenKey, limit: Int, scope: ZOpenScope?, db: any SQLDatabase) async throws -> [ZOpenEntry] {
        var sql = SQLQueryString("""
            SELECT z.company_id, z.document_id, z.point, z.issued_at, z.z_figures,
                   CASE WHEN z.z_figures IS NULL THEN d.document_json END AS document_json
            FROM z_open z LEFT JOIN documents d ON d.company_id = z.company_id AND d.id = z.document_id
            WHERE (z.company_id, z.document_id) > (\(bind: after.company), \(bind: after.document))
            """)
        if let scope {
            sql.appendInterpolation(SQLQueryString("""
                 AND z.company_id = \(bind: scope.company.uuidString) AND z.point = \(bind: scope.point.code)
                 AND z.issued_at < \(bind: scope.issuedBefore.millis)
                """))
        }
        sql.appendInterpolation(SQLQueryString(" ORDER BY z.company_id, z.document_id LIMIT \(bind: limit)"))
        return try await db.raw(sql).rows(ZOpenEntry.self)
    }

    func removeWaiting(_ keys: [ZOpenKey], db: any SQLDatabase) async throws -> Set<ZOpenKey> {
        var removed: Set<ZOpenKey> = []
        for (company, members) in Dictionary(grouping: keys, by: \.company) {
            var sql = SQLQueryString("DELETE FROM z_open WHERE company_id = \(bind: company) AND document_id IN ")
            sql.appendList(members.map(\.document))
            sql.appendInterpolation(unsafeRaw: " RETURNING document_id")
            for row in try await db.raw(sql).rows(WaitingRow.self) { removed.insert(ZOpenKey(company: company, document: row.documentId)) }
        }
        return removed
    }
}
