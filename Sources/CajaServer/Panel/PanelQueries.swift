import CajaCore
import Foundation
import SQLKit

/// The panel's reads, each one query (or a few) filtered by company: a page can never show
/// another company's rows.
struct PanelQueries: Sendable {
    let database: any DatabaseDriver

    // MARK: - Inicio

    struct DayDocument: Sendable {
        var point: String
        var type: String
        var emission: String
        var total: Money
        var issuedAt: Date
    }

    func documents(company: UUID, from: Date, to: Date) async throws -> [DayDocument] {
        try await database.read { db in
            try await db.raw("""
                SELECT point, doc_type, emission, total_cents, issued_at FROM documents
                WHERE company_id = \(bind: company.uuidString) AND issued_at >= \(bind: from.millis) AND issued_at < \(bind: to.millis)
                """).all().map {
                DayDocument(point: try $0.decode(column: "point", as: String.self), type: try $0.decode(column: "doc_type", as: String.self),
                            emission: try $0.decode(column: "emission", as: String.self),
                            total: Money(cents: try $0.decode(column: "total_cents", as: Int64.self)),
                            issuedAt: Date(millis: try $0.decode(column: "issued_at", as: Int64.self)))
            }
        }
    }

    /// Submissions per state.
    func queueCounts(company: UUID) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT state, COUNT(*) AS n FROM submissions WHERE company_id = \(bind: company.uuidString) GROUP BY state
                """).all() {
                counts[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    // MARK: - Sessions

    struct Session: Sendable {
        var id: String
        var device: String
        var reason: String
        var acceptedBy: String
        var acceptedAt: Date
        var termsVersion: String
        var activatedAt: Date
        var endedAt: Date?
        var documents: Int
        var lastSynced: Date?
        var flagged: Int
    }

    func sessions(company: UUID, id: String? = nil) async throws -> [Session] {
        try await database.read { db in
            var sql = SQLQueryString("""
                SELECT s.id, d.name AS device, s.reason, s.accepted_by, s.accepted_at, s.terms_version, s.activated_at, s.ended_at,
                  (SELECT COUNT(*) FROM documents x WHERE x.company_id = s.company_id AND x.offline_session_id = s.id) AS documents,
                  (SELECT MAX(received_at) FROM documents x WHERE x.company_id = s.company_id AND x.offline_session_id = s.id) AS last_synced,
                  (SELECT COUNT(*) FROM documents x WHERE x.company_id = s.company_id AND x.offline_session_id = s.id AND x.flags <> '') AS flagged
                FROM offline_sessions s JOIN devices d ON d.id = s.device_id
                WHERE s.company_id = \(bind: company.uuidString)
                """)
            if let id { sql.appendInterpolation(unsafeRaw: " AND s.id = "); sql.appendInterpolation(bind: id) }
            sql.appendInterpolation(unsafeRaw: " ORDER BY s.activated_at DESC LIMIT 200")
            return try await db.raw(sql).all().map { row in
                Session(id: try row.decode(column: "id", as: String.self), device: try row.decode(column: "device", as: String.self),
                        reason: try row.decode(column: "reason", as: String.self),
                        acceptedBy: try row.decode(column: "accepted_by", as: String.self),
                        acceptedAt: Date(millis: try row.decode(column: "accepted_at", as: Int64.self)),
                        termsVersion: try row.decode(column: "terms_version", as: String.self),
                        activatedAt: Date(millis: try row.decode(column: "activated_at", as: Int64.self)),
                        endedAt: try row.decode(column: "ended_at", as: Int64?.self).map(Date.init(millis:)),
                        documents: try row.decode(column: "documents", as: Int.self),
                        lastSynced: try row.decode(column: "last_synced", as: Int64?.self).map(Date.init(millis:)),
                        flagged: try row.decode(column: "flagged", as: Int.self))
            }
        }
    }

    // MARK: - Numbering

    struct Sequence: Sendable {
        var point: String
        var type: String
        var lastNumber: Int64
    }

    struct Block: Sendable {
        var deviceID: UUID
        var device: String
        var point: String
        var type: String
        var first: Int64
        var last: Int64
        var used: Int
        var status: String
    }

    struct VoidedRange: Sendable {
        var point: String
        var type: String
        var first: Int64
        var last: Int64
        var reason: String
        var createdAt: Date
    }

    struct Conflict: Sendable {
        var kind: String
        var code: String
        var message: String
        var point: String?
        var type: String?
        var number: Int64?
        var device: String?
        var receivedAt: Date
        var payload: String
        var existing: DocumentRecord?
    }

    func sequences(company: UUID) async throws -> [Sequence] {
        try await database.read { db in
            try await db.raw("""
                SELECT point, doc_type, next_number FROM sequences WHERE company_id = \(bind: company.uuidString) ORDER BY point, doc_type
                """).all().map {
                Sequence(point: try $0.decode(column: "point", as: String.self), type: try $0.decode(column: "doc_type", as: String.self),
                         lastNumber: try $0.decode(column: "next_number", as: Int64.self) - 1)
            }
        }
    }

    func blocks(company: UUID) async throws -> [Block] {
        try await database.read { db in
            try await db.raw("""
                SELECT b.device_id, d.name AS device, b.point, b.doc_type, b.first_number, b.last_number, b.status,
                  (SELECT COUNT(*) FROM documents x WHERE x.company_id = b.company_id AND x.point = b.point AND x.doc_type = b.doc_type
                     AND x.number BETWEEN b.first_number AND b.last_number) AS used
                FROM number_blocks b JOIN devices d ON d.id = b.device_id
                WHERE b.company_id = \(bind: company.uuidString) AND b.status = 'active'
                ORDER BY b.point, b.doc_type, b.first_number
                """).all().map {
                Block(deviceID: try UUID(uuidString: $0.decode(column: "device_id", as: String.self)).orThrow("device id"),
                      device: try $0.decode(column: "device", as: String.self), point: try $0.decode(column: "point", as: String.self),
                      type: try $0.decode(column: "doc_type", as: String.self), first: try $0.decode(column: "first_number", as: Int64.self),
                      last: try $0.decode(column: "last_number", as: Int64.self), used: try $0.decode(column: "used", as: Int.self),
                      status: try $0.decode(column: "status", as: String.self))
            }
        }
    }

    func voidedRanges(company: UUID) async throws -> [VoidedRange] {
        try await database.read { db in
            try await db.raw("""
                SELECT point, doc_type, first_number, last_number, reason, created_at FROM voided_ranges
                WHERE company_id = \(bind: company.uuidString) ORDER BY created_at DESC LIMIT 200
                """).all().map {
                VoidedRange(point: try $0.decode(column: "point", as: String.self), type: try $0.decode(column: "doc_type", as: String.self),
                            first: try $0.decode(column: "first_number", as: Int64.self), last: try $0.decode(column: "last_number", as: Int64.self),
                            reason: try $0.decode(column: "reason", as: String.self),
                            createdAt: Date(millis: try $0.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    func conflicts(company: UUID) async throws -> [Conflict] {
        try await database.read { db in
            var out: [Conflict] = []
            for row in try await db.raw("""
                SELECT q.kind, q.code, q.message, q.point, q.doc_type, q.number, q.existing_document_id, q.payload_json, q.received_at,
                       d.name AS device
                FROM quarantine q LEFT JOIN devices d ON d.id = q.device_id
                WHERE q.company_id = \(bind: company.uuidString) ORDER BY q.received_at DESC LIMIT 200
                """).all() {
                var existing: DocumentRecord?
                if let id = try row.decode(column: "existing_document_id", as: String?.self).flatMap(UUID.init(uuidString:)) {
                    existing = try await DocumentRecord.load(id: id, company: company, db: db)
                }
                out.append(Conflict(kind: try row.decode(column: "kind", as: String.self), code: try row.decode(column: "code", as: String.self),
                                    message: try row.decode(column: "message", as: String.self),
                                    point: try row.decode(column: "point", as: String?.self), type: try row.decode(column: "doc_type", as: String?.self),
                                    number: try row.decode(column: "number", as: Int64?.self), device: try row.decode(column: "device", as: String?.self),
                                    receivedAt: Date(millis: try row.decode(column: "received_at", as: Int64.self)),
                                    payload: try row.decode(column: "payload_json", as: String.self), existing: existing))
            }
            return out
        }
    }

    // MARK: - DGI queue

    struct Submission: Sendable {
        var documentID: String
        var point: String
        var type: String
        var number: Int64
        var state: String
        var attempts: Int
        var lastError: String?
        var code: String?
        var message: String?
        var protocolNumber: String?
        var nextAttemptAt: Date
    }

    func submissions(company: UUID, state: String?) async throws -> [Submission] {
        try await database.read { db in
            var sql = SQLQueryString("""
                SELECT s.document_id, d.point, d.doc_type, d.number, s.state, s.attempts, s.last_error, s.result_code, s.result_message,
                       s.protocol, s.next_attempt_at
                FROM submissions s JOIN documents d ON d.company_id = s.company_id AND d.id = s.document_id
                WHERE s.company_id = \(bind: company.uuidString)
                """)
            if let state { sql.appendInterpolation(unsafeRaw: " AND s.state = "); sql.appendInterpolation(bind: state) }
            sql.appendInterpolation(unsafeRaw: " ORDER BY s.created_at DESC LIMIT 200")
            return try await db.raw(sql).all().map {
                Submission(documentID: try $0.decode(column: "document_id", as: String.self), point: try $0.decode(column: "point", as: String.self),
                           type: try $0.decode(column: "doc_type", as: String.self), number: try $0.decode(column: "number", as: Int64.self),
                           state: try $0.decode(column: "state", as: String.self), attempts: try $0.decode(column: "attempts", as: Int.self),
                           lastError: try $0.decode(column: "last_error", as: String?.self),
                           code: try $0.decode(column: "result_code", as: String?.self),
                           message: try $0.decode(column: "result_message", as: String?.self),
                           protocolNumber: try $0.decode(column: "protocol", as: String?.self),
                           nextAttemptAt: Date(millis: try $0.decode(column: "next_attempt_at", as: Int64.self)))
            }
        }
    }

    /// Rule codes a resend may clear (the message or the signature, after the company fixed
    /// its certificate); the others are in the document itself and would fail again.
    static let retryableCodes: Set<String> = ["0101", "0102"]

    /// Puts a rejected submission back in the queue with a fresh signature (the company's
    /// current certificate). Refused for rejections a resend cannot fix.
    func retry(company: UUID, document: UUID, signer: FESigner) async throws -> Bool {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT state, result_code FROM submissions WHERE company_id = \(bind: company.uuidString) AND document_id = \(bind: document.uuidString)
                """).first() else { return false }
            let codes = Set((try row.decode(column: "result_code", as: String?.self) ?? "").split(separator: ",").map(String.init))
            guard try row.decode(column: "state", as: String.self) == "rejected", !codes.isEmpty, codes.isSubset(of: Self.retryableCodes),
                  let record = try await DocumentRecord.load(id: document, company: company, db: db) else { return false }
            let signed = try signer.sign(record.document)
            try await db.raw("""
                UPDATE documents SET xml = \(bind: signed.xml), qr_url = \(bind: signed.qrURL), dgi_status = 'pending'
                WHERE company_id = \(bind: company.uuidString) AND id = \(bind: document.uuidString)
                """).run()
            try await db.raw("""
                UPDATE submissions SET state = 'pending', next_attempt_at = 0, lease_until = NULL, result_code = NULL, result_message = NULL
                WHERE company_id = \(bind: company.uuidString) AND document_id = \(bind: document.uuidString) AND state = 'rejected'
                """).run()
            return true
        }
    }
}
