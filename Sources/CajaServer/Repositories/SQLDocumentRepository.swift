import CajaCore
import Foundation
import SQLKit

/// ``DocumentRepository`` in SQLKit, for SQLite and PostgreSQL alike.
struct SQLDocumentRepository: DocumentRepository {
    /// A whole `documents` row as the domain reads it back.
    private struct Row: Decodable {
        var id: String
        var companyId: String
        var deviceId: String?
        var offlineSessionId: String?
        var flags: String
        var documentJson: String
        var xml: String
        var qrUrl: String
        var dgiStatus: DGIState
        var receivedAt: Int64

        static let columns = "id, company_id, device_id, offline_session_id, flags, document_json, xml, qr_url, dgi_status, received_at"

        func record() throws -> DocumentRecord {
            let document = try StrictJSON.decoder.decode(FiscalDocument.self, from: Data(documentJson.utf8))
            return DocumentRecord(
                document: document,
                signed: SignedDocument(xml: xml, cufe: document.cufe, digestValue: DocumentRecord.digestValue(in: xml), qrURL: qrUrl),
                companyID: try UUID(uuidString: companyId).orThrow("company id"),
                deviceID: deviceId.flatMap(UUID.init(uuidString:)), offlineSessionID: offlineSessionId.flatMap(UUID.init(uuidString:)),
                flags: try SQLDocumentRepository.flags(flags), dgiStatus: dgiStatus, receivedAt: Date(millis: receivedAt))
        }
    }

    /// The columns a ``DocumentSummary`` is read from, without decoding the document.
    private struct SummaryRow: Decodable {
        var id: String
        var docType: DocumentType
        var number: Int64
        var point: String
        var cufe: String
        var emission: Emission
        var totalCents: Int64
        var issuedAt: Int64
        var dgiStatus: DGIState
        var flags: String

        static let columns = "id, doc_type, number, point, cufe, emission, total_cents, issued_at, dgi_status, flags"

        var summary: DocumentSummary {
            get throws {
                DocumentSummary(id: try UUID(uuidString: id).orThrow("document id"), type: docType, number: number, point: point,
                                cufe: cufe, emission: emission, total: Money(cents: totalCents),
                                issuedAt: PanamaTime.dgiTimestamp(Date(millis: issuedAt)), dgiStatus: dgiStatus)
            }
        }
    }

    private struct Numbered: Decodable {
        var number: Int64
        var issuedAt: Int64
    }

    private struct Identified: Decodable {
        var id: String
    }

    private struct Signed: Decodable {
        var xml: String
        var cufe: String
    }

    /// The `flags` column: comma-separated codes. A flag this build does not know (written by
    /// a newer server process on the same database) reads as a broken offline rule, so one
    /// document never makes a whole list or a sync answer fail.
    static func flags(_ text: String) throws -> [DocumentFlag] {
        text.split(separator: ",").map { DocumentFlag(rawValue: String($0)) ?? .offlineRuleBroken }
    }

    func insert(_ records: [DocumentRecord], db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: records.count, by: 200) {
            var sql = SQLQueryString("""
                INSERT INTO documents (id, company_id, point, doc_type, number, cufe, emission, total_cents, issued_at, dgi_status,
                                       device_id, offline_session_id, flags, document_json, xml, qr_url, received_at) VALUES
                """)
            for (index, record) in records[start..<min(records.count, start + 200)].enumerated() {
                let document = record.document
                let json = String(decoding: document.wireJSON, as: UTF8.self)
                sql.appendInterpolation(unsafeRaw: index == 0 ? "" : ", ")
                sql.appendInterpolation(SQLQueryString("""
                    (\(bind: document.id.uuidString), \(bind: record.companyID.uuidString), \(bind: document.issuance.pointOfSale.code),
                     \(bind: document.draft.type.rawValue), \(bind: document.issuance.number.value), \(bind: document.cufe.value),
                     \(bind: record.emission.rawValue), \(bind: document.totals.total.cents), \(bind: document.issuance.issuedAt.millis),
                     \(bind: record.dgiStatus.rawValue), \(bind: record.deviceID?.uuidString), \(bind: record.offlineSessionID?.uuidString),
                     \(bind: record.flags.map(\.rawValue).joined(separator: ",")), \(bind: json), \(bind: record.signed.xml),
                     \(bind: record.signed.qrURL), \(bind: record.receivedAt.millis))
                    """))
            }
            try await db.raw(sql).run()
        }
    }

    func find(id: UUID, company: UUID, db: any SQLDatabase) async throws -> DocumentRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: Row.columns) FROM documents WHERE company_id = \(bind: company.uuidString) AND id = \(bind: id.uuidString)
            """).row(Row.self)?.record()
    }

    func list(company: UUID, filter: DocumentFilter, db: any SQLDatabase) async throws -> [DocumentRecord] {
        var sql = SQLQueryString("SELECT \(unsafeRaw: Row.columns) FROM documents WHERE company_id = \(bind: company.uuidString)")
        if let point = filter.point { sql.appendInterpolation(unsafeRaw: " AND point = "); sql.appendInterpolation(bind: point.code) }
        if let type = filter.type { sql.appendInterpolation(unsafeRaw: " AND doc_type = "); sql.appendInterpolation(bind: type.rawValue) }
        if let emission = filter.emission { sql.appendInterpolation(unsafeRaw: " AND emission = "); sql.appendInterpolation(bind: emission.rawValue) }
        if let status = filter.dgiStatus { sql.appendInterpolation(unsafeRaw: " AND dgi_status = "); sql.appendInterpolation(bind: status.rawValue) }
        if let session = filter.session {
            sql.appendInterpolation(unsafeRaw: " AND offline_session_id = "); sql.appendInterpolation(bind: session.uuidString)
        }
        if let from = filter.from { sql.appendInterpolation(unsafeRaw: " AND issued_at >= "); sql.appendInterpolation(bind: from.millis) }
        if let to = filter.to { sql.appendInterpolation(unsafeRaw: " AND issued_at < "); sql.appendInterpolation(bind: to.millis) }
        if let after = filter.after {
            // A row-value comparison, so both databases walk the (…, issued_at, id) index
            // from the cursor instead of filtering from the top (BENCHMARKS.md, 4).
            sql.appendInterpolation(unsafeRaw: " AND (issued_at, id) < (")
            sql.appendInterpolation(bind: after.issuedAt)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: after.id)
            sql.appendInterpolation(unsafeRaw: ")")
        }
        sql.appendInterpolation(unsafeRaw: " ORDER BY issued_at DESC, id DESC LIMIT \(filter.limit + 1)")
        return try await db.raw(sql).rows(Row.self).map { try $0.record() }
    }

    func summaries(ids: [UUID], company: UUID, db: any SQLDatabase) async throws -> [(summary: DocumentSummary, flags: [DocumentFlag])] {
        var result: [(summary: DocumentSummary, flags: [DocumentFlag])] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            var sql = SQLQueryString("""
                SELECT \(unsafeRaw: SummaryRow.columns) FROM documents WHERE company_id = \(bind: company.uuidString) AND id IN
                """)
            sql.appendList(ids[start..<min(ids.count, start + 500)].map(\.uuidString))
            for row in try await db.raw(sql).rows(SummaryRow.self) {
                result.append((try row.summary, try Self.flags(row.flags)))
            }
        }
        return result
    }

    func holder(of number: Int64, point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws -> UUID? {
        try await db.raw("""
            SELECT id FROM documents WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
              AND doc_type = \(bind: type.rawValue) AND number = \(bind: number)
            """).row(Identified.self).flatMap { UUID(uuidString: $0.id) }
    }

    func usedNumbers(in range: ClosedRange<Int64>, point: PointOfSale, type: DocumentType, company: UUID,
                     db: any SQLDatabase) async throws -> [Int64] {
        try await db.raw("""
            SELECT number FROM documents WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code)
              AND doc_type = \(bind: type.rawValue) AND number BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)
            ORDER BY number
            """).all(decodingColumn: "number", as: Int64.self)
    }

    func contingencyNeighbours(of range: ClosedRange<Int64>, point: PointOfSale, type: DocumentType, device: UUID, company: UUID,
                               db: any SQLDatabase) async throws -> [(number: Int64, issuedAt: Date)] {
        let sequence = SQLQueryString("""
            SELECT number, issued_at FROM documents WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
              AND point = \(bind: point.code) AND doc_type = \(bind: type.rawValue)
              AND emission = \(bind: Emission.contingency.rawValue)
            """)
        let (low, high) = (range.lowerBound, range.upperBound)
        var stored = try await db.raw("\(sequence) AND number < \(bind: low) ORDER BY number DESC LIMIT 1").rows(Numbered.self)
        stored += try await db.raw("\(sequence) AND number >= \(bind: low) AND number <= \(bind: high)").rows(Numbered.self)
        stored += try await db.raw("\(sequence) AND number > \(bind: high) ORDER BY number ASC LIMIT 1").rows(Numbered.self)
        return stored.map { ($0.number, Date(millis: $0.issuedAt)) }
    }

    func busiestDay(device: UUID, type: DocumentType, since: Date, company: UUID, db: any SQLDatabase) async throws -> Int {
        let dayMillis = String(Int64(PanamaTime.BusinessDay.seconds * 1000))
        return try await db.raw("""
            SELECT COUNT(*) AS n FROM documents
            WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
              AND doc_type = \(bind: type.rawValue) AND issued_at >= \(bind: since.millis)
            GROUP BY (issued_at + \(bind: PanamaTime.offsetSeconds * 1000)) / \(unsafeRaw: dayMillis)
            ORDER BY n DESC LIMIT 1
            """).row(Count.self)?.n ?? 0
    }

    func signedXML(id: UUID, company: UUID, db: any SQLDatabase) async throws -> (xml: String, cufe: String)? {
        try await db.raw("""
            SELECT xml, cufe FROM documents WHERE company_id = \(bind: company.uuidString) AND id = \(bind: id.uuidString)
            """).row(Signed.self).map { ($0.xml, $0.cufe) }
    }

    func setDGIState(_ state: DGIState, id: UUID, company: UUID, onlyFrom: [DGIState]?, signed: SignedDocument?,
                     db: any SQLDatabase) async throws {
        var sql = SQLQueryString("UPDATE documents SET ")
        // With a signature: one new row version for it and the state (the row is wide, and the
        // state is indexed), the signature always, the state only from `onlyFrom` (a CASE);
        // without one, the row is left alone unless it is in `onlyFrom` (a WHERE).
        if let signed { sql.appendInterpolation(SQLQueryString("xml = \(bind: signed.xml), qr_url = \(bind: signed.qrURL), ")) }
        if let onlyFrom, signed != nil {
            sql.appendInterpolation(unsafeRaw: "dgi_status = CASE WHEN dgi_status IN ")
            sql.appendList(onlyFrom.map(\.rawValue))
            sql.appendInterpolation(SQLQueryString(" THEN \(bind: state.rawValue) ELSE dgi_status END"))
        } else {
            sql.appendInterpolation(SQLQueryString("dgi_status = \(bind: state.rawValue)"))
        }
        sql.appendInterpolation(SQLQueryString(" WHERE company_id = \(bind: company.uuidString) AND id = \(bind: id.uuidString)"))
        if let onlyFrom, signed == nil {
            sql.appendInterpolation(unsafeRaw: " AND dgi_status IN ")
            sql.appendList(onlyFrom.map(\.rawValue))
        }
        try await db.raw(sql).run()
    }

    func issued(from: Date, to: Date, company: UUID, db: any SQLDatabase) async throws -> [IssuedDocument] {
        try await db.raw("""
            SELECT point, doc_type, emission, total_cents, issued_at FROM documents
            WHERE company_id = \(bind: company.uuidString) AND issued_at >= \(bind: from.millis) AND issued_at < \(bind: to.millis)
            """).rows(IssuedDocument.self)
    }
}
