import CajaCore
import Foundation
import SQLKit

/// ``SessionRepository`` in SQLKit.
struct SQLSessionRepository: SessionRepository {
    private struct Ended: Decodable {
        var endedAt: Int64?
    }

    func open(_ session: LoginSession, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO api_sessions (token_hash, user_id, company_id, role, device_id, point, expires_at)
            VALUES (\(bind: session.tokenHash), \(bind: session.userId), \(bind: session.companyId), \(bind: session.role.rawValue),
                    \(bind: session.deviceId), \(bind: session.point), \(bind: session.expiresAt))
            """).run()
    }

    func session(tokenHash: String, db: any SQLDatabase) async throws -> LoginSession? {
        try await db.raw("""
            SELECT s.token_hash, s.user_id, s.company_id, s.role, s.device_id, s.point, s.expires_at, u.username, d.retired_at,
              d.last_seen_at, p.deactivated_at AS point_deactivated_at, c.settings_version
            FROM api_sessions s JOIN users u ON u.id = s.user_id JOIN companies c ON c.id = s.company_id
              LEFT JOIN devices d ON d.id = s.device_id LEFT JOIN points_of_sale p ON p.company_id = s.company_id AND p.code = s.point
            WHERE s.token_hash = \(bind: tokenHash)
            """).row(LoginSession.self)
    }

    func close(tokenHash: String, db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM api_sessions WHERE token_hash = \(bind: tokenHash)").run()
    }

    func closeAll(user: String, db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM api_sessions WHERE user_id = \(bind: user)").run()
    }

    func device(key: String, company: UUID, db: any SQLDatabase) async throws -> DeviceEntry? {
        try await db.raw("""
            SELECT id, company_id, name, point, created_at, public_key, retired_at FROM devices
            WHERE company_id = \(bind: company.uuidString) AND public_key = \(bind: key)
            """).row(DeviceEntry.self)
    }

    func device(named name: String, company: UUID, db: any SQLDatabase) async throws -> DeviceEntry? {
        try await db.raw("""
            SELECT id, company_id, name, point, created_at, public_key, retired_at FROM devices
            WHERE company_id = \(bind: company.uuidString) AND name = \(bind: name)
            """).row(DeviceEntry.self)
    }

    func insert(_ device: DeviceEntry, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO devices (id, company_id, name, point, created_at, public_key)
            VALUES (\(bind: device.id), \(bind: device.companyId), \(bind: device.name), \(bind: device.point), \(bind: device.createdAt),
                    \(bind: device.publicKey))
            """).run()
    }

    func move(device: UUID, to point: PointOfSale, db: any SQLDatabase) async throws {
        try await db.raw("UPDATE devices SET point = \(bind: point.code) WHERE id = \(bind: device.uuidString)").run()
    }

    func enroll(device: UUID, key: String, point: PointOfSale, db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            UPDATE devices SET point = \(bind: point.code), public_key = \(bind: key) WHERE id = \(bind: device.uuidString) AND public_key IS NULL
            RETURNING id
            """).first() != nil
    }

    func touch(device: UUID, at time: Date, unlessSeenSince since: Date, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE devices SET last_seen_at = \(bind: time.millis)
            WHERE id = \(bind: device.uuidString) AND (last_seen_at IS NULL OR last_seen_at < \(bind: since.millis))
            """).run()
    }

    func deviceOverviews(company: UUID, db: any SQLDatabase) async throws -> [DeviceOverview] {
        try await db.raw("""
            SELECT d.id, d.name, d.point, d.created_at, d.last_seen_at, d.retired_at,
              (SELECT COUNT(*) FROM number_blocks b WHERE b.company_id = d.company_id AND b.device_id = d.id AND b.status = 'active') AS blocks,
              (SELECT CAST(COALESCE(SUM(b.last_number - b.first_number + 1), 0) AS BIGINT) FROM number_blocks b
                 WHERE b.company_id = d.company_id AND b.device_id = d.id AND b.status = 'active') AS block_numbers,
              (SELECT COUNT(*) FROM number_blocks b JOIN documents x ON x.company_id = b.company_id AND x.point = b.point
                 AND x.doc_type = b.doc_type AND x.number BETWEEN b.first_number AND b.last_number
                 WHERE b.company_id = d.company_id AND b.device_id = d.id AND b.status = 'active') AS block_numbers_used,
              (SELECT COUNT(*) FROM offline_sessions o WHERE o.company_id = d.company_id AND o.device_id = d.id AND o.ended_at IS NULL)
                AS open_offline_sessions,
              (SELECT COUNT(*) FROM submissions s JOIN documents x ON x.company_id = s.company_id AND x.id = s.document_id
                 WHERE s.company_id = d.company_id AND s.state IN (\(unsafeRaw: DGIState.open.map { "'\($0.rawValue)'" }.joined(separator: ", "))) AND x.device_id = d.id) AS pending_documents,
              (SELECT COUNT(*) FROM submissions s JOIN documents x ON x.company_id = s.company_id AND x.id = s.document_id
                 WHERE s.company_id = d.company_id AND s.state = '\(unsafeRaw: DGIState.rejected.rawValue)' AND x.device_id = d.id) AS rejected_documents,
              (SELECT COUNT(*) FROM quarantine q WHERE q.company_id = d.company_id AND q.device_id = d.id) AS quarantined_documents
            FROM devices d WHERE d.company_id = \(bind: company.uuidString)
            ORDER BY d.retired_at IS NOT NULL, d.name
            """).rows(DeviceOverview.self)
    }

    func retire(device: UUID, company: UUID, at time: Date, db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            UPDATE devices SET retired_at = \(bind: time.millis)
            WHERE id = \(bind: device.uuidString) AND company_id = \(bind: company.uuidString)
            RETURNING id
            """).first() != nil
    }

    func record(_ session: OfflineSession, company: UUID, device: UUID, receivedAt: Date, db: any SQLDatabase) async throws -> Date? {
        let ended = try await db.raw("""
            INSERT INTO offline_sessions (id, company_id, device_id, activated_at, reason, accepted_by, accepted_at, terms_version,
                                          received_at, ended_at)
            VALUES (\(bind: session.id.uuidString), \(bind: company.uuidString), \(bind: device.uuidString), \(bind: session.activatedAt.millis),
                    \(bind: session.reason), \(bind: session.acceptedBy), \(bind: session.acceptedAt.millis), \(bind: session.termsVersion),
                    \(bind: receivedAt.millis), \(bind: session.endedAt?.millis))
            ON CONFLICT (company_id, id) DO UPDATE SET ended_at = COALESCE(offline_sessions.ended_at, excluded.ended_at)
            RETURNING ended_at
            """).row(Ended.self)
        return ended?.endedAt.map(Date.init(millis:))
    }

    func offlineSessions(company: UUID, id: UUID?, db: any SQLDatabase) async throws -> [OfflineSessionOverview] {
        var sql = SQLQueryString("""
            SELECT s.id, d.name AS device, s.reason, s.accepted_by, s.accepted_at, s.terms_version, s.activated_at, s.ended_at,
              (SELECT COUNT(*) FROM documents x WHERE x.company_id = s.company_id AND x.offline_session_id = s.id) AS documents,
              (SELECT MAX(received_at) FROM documents x WHERE x.company_id = s.company_id AND x.offline_session_id = s.id) AS last_synced,
              (SELECT COUNT(*) FROM documents x WHERE x.company_id = s.company_id AND x.offline_session_id = s.id AND x.flags <> '') AS flagged
            FROM offline_sessions s JOIN devices d ON d.id = s.device_id
            WHERE s.company_id = \(bind: company.uuidString)
            """)
        if let id { sql.appendInterpolation(unsafeRaw: " AND s.id = "); sql.appendInterpolation(bind: id.uuidString) }
        sql.appendInterpolation(unsafeRaw: " ORDER BY s.activated_at DESC LIMIT 200")
        return try await db.raw(sql).rows(OfflineSessionOverview.self)
    }
}
