import Foundation
import SQLKit

/// ``ThrottleRepository`` in SQLKit. PostgreSQL locks the row (`FOR UPDATE`); SQLite's
/// `BEGIN IMMEDIATE` already holds the write lock.
struct SQLThrottleRepository: ThrottleRepository {
    let dialect: DatabaseDialect

    func lockedCount(key: String, now: Date, db: any SQLDatabase) async throws -> ThrottleCount? {
        let lock: SQLQueryString = dialect == .postgres ? "FOR UPDATE" : ""
        try await db.raw("""
            INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until)
            VALUES (\(bind: key), 0, \(bind: now.millis), 0) ON CONFLICT (key) DO NOTHING
            """).run()
        return try await db.raw("""
            SELECT key, failures, last_failure_at, blocked_until FROM login_throttle WHERE key = \(bind: key) \(lock)
            """).row(ThrottleCount.self)
    }

    func update(_ count: ThrottleCount, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE login_throttle SET failures = \(bind: count.failures), last_failure_at = \(bind: count.lastFailureAt),
              blocked_until = \(bind: count.blockedUntil)
            WHERE key = \(bind: count.key)
            """).run()
    }

    func clear(key: String, db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM login_throttle WHERE key = \(bind: key)").run()
    }

    func forgive(key: String, db: any SQLDatabase) async throws {
        try await db.raw("UPDATE login_throttle SET failures = failures - 1 WHERE key = \(bind: key) AND failures > 0").run()
    }
}
