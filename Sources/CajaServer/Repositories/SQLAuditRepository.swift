import CajaCore
import Foundation
import SQLKit

/// ``AuditRepository`` in SQLKit.
struct SQLAuditRepository: AuditRepository {
    private struct Row: Decodable {
        var at: Int64
        var actor: String
        var action: String
        var subject: String
        var beforeJson: String?
        var afterJson: String?

        var entry: AuditEntry {
            AuditEntry(at: Date(millis: at), actor: actor, action: action, subject: subject, before: beforeJson, after: afterJson)
        }
    }

    func append(_ entry: AuditEntry, id: UUID, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO audit_log (id, company_id, at, actor, action, subject, before_json, after_json)
            VALUES (\(bind: id.uuidString), \(bind: company.uuidString), \(bind: entry.at.millis), \(bind: entry.actor),
                    \(bind: entry.action), \(bind: entry.subject), \(bind: entry.before), \(bind: entry.after))
            """).run()
    }

    func entries(company: UUID, filter: AuditFilter, db: any SQLDatabase) async throws -> [AuditEntry] {
        var sql = SQLQueryString("""
            SELECT at, actor, action, subject, before_json, after_json FROM audit_log WHERE company_id = \(bind: company.uuidString)
            """)
        if let action = filter.action { sql.appendInterpolation(unsafeRaw: " AND action = "); sql.appendInterpolation(bind: action) }
        // The area is a fixed word of AuditFilter.areas, checked when parsed; bound all the same.
        if let area = filter.area { sql.appendInterpolation(unsafeRaw: " AND action LIKE "); sql.appendInterpolation(bind: area + ".%") }
        if let actor = filter.actor { sql.appendInterpolation(unsafeRaw: " AND actor = "); sql.appendInterpolation(bind: actor) }
        if let from = filter.from { sql.appendInterpolation(unsafeRaw: " AND at >= "); sql.appendInterpolation(bind: from.millis) }
        if let to = filter.to { sql.appendInterpolation(unsafeRaw: " AND at < "); sql.appendInterpolation(bind: to.millis) }
        sql.appendInterpolation(unsafeRaw: " ORDER BY at DESC, id DESC LIMIT \(filter.limit)")
        return try await db.raw(sql).rows(Row.self).map(\.entry)
    }
}
