import CajaCore
import Foundation
import SQLKit

/// ``QuarantineRepository`` in SQLKit.
struct SQLQuarantineRepository: QuarantineRepository {
    private static let columns = """
        q.id, q.company_id, q.document_id, q.kind, q.code, q.message, q.point, q.doc_type, q.number, q.existing_document_id,
        q.payload_json, q.device_id, q.received_at
        """

    func insert(_ entry: QuarantineEntry, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO quarantine (id, company_id, document_id, kind, code, message, point, doc_type, number,
                                    existing_document_id, payload_json, device_id, received_at)
            VALUES (\(bind: entry.id), \(bind: entry.companyId), \(bind: entry.documentId), \(bind: entry.kind.rawValue), \(bind: entry.code),
                    \(bind: entry.message), \(bind: entry.point), \(bind: entry.docType?.rawValue), \(bind: entry.number),
                    \(bind: entry.existingDocumentId), \(bind: entry.payloadJson), \(bind: entry.deviceId), \(bind: entry.receivedAt))
            """).run()
    }

    func entries(documents: [UUID], company: UUID, db: any SQLDatabase) async throws -> [QuarantineEntry] {
        var result: [QuarantineEntry] = []
        for start in stride(from: 0, to: documents.count, by: 500) {
            var sql = SQLQueryString("""
                SELECT \(unsafeRaw: Self.columns) FROM quarantine q WHERE q.company_id = \(bind: company.uuidString) AND q.document_id IN
                """)
            sql.appendList(documents[start..<min(documents.count, start + 500)].map(\.uuidString))
            result += try await db.raw(sql).rows(QuarantineEntry.self)
        }
        return result
    }

    func list(company: UUID, db: any SQLDatabase) async throws -> [QuarantineEntry] {
        try await db.raw("""
            SELECT \(unsafeRaw: Self.columns), d.name AS device
            FROM quarantine q LEFT JOIN devices d ON d.id = q.device_id
            WHERE q.company_id = \(bind: company.uuidString) ORDER BY q.received_at DESC LIMIT 200
            """).rows(QuarantineEntry.self)
    }
}
