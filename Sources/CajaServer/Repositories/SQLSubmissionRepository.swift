import CajaCore
import Foundation
import SQLKit

/// ``SubmissionRepository`` in SQLKit. On PostgreSQL a claim skips rows other workers hold
/// (`FOR UPDATE SKIP LOCKED`), so several server processes share the queue; SQLite has one
/// writer and needs no lock clause.
struct SQLSubmissionRepository: SubmissionRepository {
    let dialect: DatabaseDialect

    private struct StateRow: Decodable {
        var state: DGIState
        var attempts: Int
        var `protocol`: String?
        var authorizedAt: Int64?
        var resultCode: String?
        var resultMessage: String?
        var lastError: String?
    }

    private struct ClaimRow: Decodable {
        var companyId: String
        var documentId: String
        var attempts: Int
        var state: DGIState
    }

    private struct CountRow: Decodable {
        var state: DGIState
        var n: Int
    }

    private struct ResultRow: Decodable {
        var state: DGIState
        var resultCode: String?
    }

    func enqueue(_ records: [DocumentRecord], db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: records.count, by: 200) {
            var sql = SQLQueryString("INSERT INTO submissions (company_id, document_id, state, attempts, next_attempt_at, created_at) VALUES ")
            for (index, record) in records[start..<min(records.count, start + 200)].enumerated() {
                sql.appendInterpolation(unsafeRaw: index == 0 ? "" : ", ")
                sql.appendInterpolation(SQLQueryString("""
                    (\(bind: record.companyID.uuidString), \(bind: record.document.id.uuidString), \(bind: record.dgiStatus.rawValue), 0, 0,
                     \(bind: record.receivedAt.millis))
                    """))
            }
            try await db.raw(sql).run()
        }
    }

    func state(of document: UUID, company: UUID, db: any SQLDatabase) async throws -> DGISubmissionState? {
        try await db.raw("""
            SELECT state, attempts, protocol, authorized_at, result_code, result_message, last_error FROM submissions
            WHERE company_id = \(bind: company.uuidString) AND document_id = \(bind: document.uuidString)
            """).row(StateRow.self).map { row in
            DGISubmissionState(status: row.state, attempts: row.attempts, protocolNumber: row.protocol,
                               authorizedAt: row.authorizedAt.map { PanamaTime.dgiTimestamp(Date(millis: $0)) },
                               code: row.resultCode, message: row.resultMessage, lastError: row.lastError)
        }
    }

    /// `state IN (…)` of the open states (`DGIState.open`), bound.
    private static var open: SQLQueryString {
        var sql = SQLQueryString("state IN ")
        sql.appendList(DGIState.open.map(\.rawValue))
        return sql
    }

    /// Due rows of the working states, and held rows (`certificateExpired`) whose company's
    /// `settings_version` moved since they were held (a new certificate was uploaded): one
    /// statement, so an idle worker still issues one claim query per poll.
    func claim(dueAt now: Date, leaseUntil: Date, limit: Int, db: any SQLDatabase) async throws -> [SubmissionClaim] {
        let lock: SQLQueryString = dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        var working = SQLQueryString("state IN ")
        working.appendList([DGIState.unsigned, .pending, .sent].map(\.rawValue))
        return try await db.raw("""
            UPDATE submissions SET lease_until = \(bind: leaseUntil.millis), attempts = attempts + 1
            WHERE (company_id, document_id) IN (
              SELECT company_id, document_id FROM submissions
              WHERE ((\(working) AND next_attempt_at <= \(bind: now.millis))
                     OR (state = \(bind: DGIState.certificateExpired.rawValue)
                         AND held_version <> (SELECT settings_version FROM companies c WHERE c.id = submissions.company_id)))
                AND (lease_until IS NULL OR lease_until < \(bind: now.millis))
              ORDER BY next_attempt_at LIMIT \(bind: limit) \(lock))
            RETURNING company_id, document_id, attempts, state
            """).rows(ClaimRow.self).map {
            SubmissionClaim(company: try UUID(uuidString: $0.companyId).orThrow("company id"),
                            document: try UUID(uuidString: $0.documentId).orThrow("document id"), attempt: $0.attempts, state: $0.state)
        }
    }

    func renewLease(_ claim: SubmissionClaim, until: Date, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE submissions SET lease_until = \(bind: until.millis)
            WHERE company_id = \(bind: claim.company.uuidString) AND document_id = \(bind: claim.document.uuidString) AND \(Self.open)
              AND attempts = \(bind: claim.attempt) AND lease_until IS NOT NULL
            """).run()
    }

    func record(_ claim: SubmissionClaim, attempt: SubmissionAttempt, db: any SQLDatabase) async throws {
        let (company, document) = (claim.company.uuidString, claim.document.uuidString)
        let detail = String(attempt.detail.prefix(500))
        try await db.raw("""
            INSERT INTO submission_attempts (company_id, document_id, attempt, started_at, finished_at, outcome, detail)
            VALUES (\(bind: company), \(bind: document), \(bind: claim.attempt), \(bind: attempt.started.millis),
                    \(bind: attempt.finished.millis), \(bind: attempt.state.rawValue), \(bind: detail))
            """).run()
        if attempt.state.isFinal {
            // An authorization is never overwritten.
            try await db.raw("""
                UPDATE submissions SET state = \(bind: attempt.state.rawValue), protocol = \(bind: attempt.protocolNumber),
                  authorized_at = \(bind: attempt.state == .authorized ? attempt.finished.millis : nil), result_code = \(bind: attempt.code),
                  result_message = \(bind: attempt.message), lease_until = NULL, last_error = NULL
                WHERE company_id = \(bind: company) AND document_id = \(bind: document) AND state <> \(bind: DGIState.authorized.rawValue)
                """).run()
        } else {
            try await db.raw("""
                UPDATE submissions SET state = \(bind: attempt.state.rawValue), next_attempt_at = \(bind: attempt.retryAt.millis),
                  lease_until = NULL, last_error = \(bind: detail), held_version = \(bind: attempt.heldVersion)
                WHERE company_id = \(bind: company) AND document_id = \(bind: document) AND \(Self.open)
                """).run()
        }
    }

    func counts(company: UUID, db: any SQLDatabase) async throws -> [DGIState: Int] {
        let rows = try await db.raw("""
            SELECT state, COUNT(*) AS n FROM submissions WHERE company_id = \(bind: company.uuidString) GROUP BY state
            """).rows(CountRow.self)
        return Dictionary(rows.map { ($0.state, $0.n) }, uniquingKeysWith: +)
    }

    func list(company: UUID, state: DGIState?, db: any SQLDatabase) async throws -> [QueueEntry] {
        var sql = SQLQueryString("""
            SELECT s.document_id, d.point, d.doc_type, d.number, s.state, s.attempts, s.last_error, s.result_code, s.result_message,
                   s.protocol, s.next_attempt_at
            FROM submissions s JOIN documents d ON d.company_id = s.company_id AND d.id = s.document_id
            WHERE s.company_id = \(bind: company.uuidString)
            """)
        if let state { sql.appendInterpolation(unsafeRaw: " AND s.state = "); sql.appendInterpolation(bind: state.rawValue) }
        sql.appendInterpolation(unsafeRaw: " ORDER BY s.created_at DESC LIMIT 200")
        return try await db.raw(sql).rows(QueueEntry.self)
    }

    func result(of document: UUID, company: UUID, db: any SQLDatabase) async throws -> (state: DGIState, codes: Set<String>)? {
        try await db.raw("""
            SELECT state, result_code FROM submissions WHERE company_id = \(bind: company.uuidString) AND document_id = \(bind: document.uuidString)
            """).row(ResultRow.self).map { ($0.state, Set(($0.resultCode ?? "").split(separator: ",").map(String.init))) }
    }

    func reopen(_ document: UUID, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE submissions SET state = \(bind: DGIState.unsigned.rawValue), next_attempt_at = 0, lease_until = NULL,
              result_code = NULL, result_message = NULL, held_version = NULL
            WHERE company_id = \(bind: company.uuidString) AND document_id = \(bind: document.uuidString)
              AND state = \(bind: DGIState.rejected.rawValue)
            """).run()
    }
}
