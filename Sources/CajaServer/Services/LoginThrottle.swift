import Foundation
import SQLKit

/// Slows password guessing (issue 13, item 3): login attempts are counted per user name and
/// per client address in the database, so every server process sharing it sees the same
/// counts. Each attempt is counted *before* its password is checked, in one locked
/// read-and-update per key, so parallel guesses cannot all slip in ahead of the first
/// failure. After a few free attempts each further one blocks that key for a doubling time
/// (1 s, 2 s, 4 s … at most 15 minutes) from then on; while blocked, a login is answered
/// `429 LOGIN_THROTTLED` with `Retry-After` and not counted. A right password clears the
/// user's count and takes its own attempt off the address's. An hour without attempts (and
/// without a block) clears any count.
///
/// The address is the TCP peer's: behind a reverse proxy every client shares the proxy's, so
/// the address allowance is generous; `X-Forwarded-For` is not trusted (anyone can send it).
struct LoginThrottle: Sendable {
    let database: any DatabaseDriver
    let clock: ServerClock

    struct Policy: Sendable {
        /// Attempts allowed before blocking starts.
        var freeFailures: Int
    }

    static let user = Policy(freeFailures: 5)
    static let address = Policy(freeFailures: 20)
    static let maxBlock: TimeInterval = 15 * 60
    /// A count with no attempt for this long (longer than the longest block) is forgotten.
    static let quiet: TimeInterval = 60 * 60

    /// The keys one login attempt is counted under.
    static func keys(user: String, address: String?) -> [(key: String, policy: Policy)] {
        var keys = [("user:\(user)", Self.user)]
        if let address { keys.append(("addr:\(address)", Self.address)) }
        return keys
    }

    /// Counts one attempt under each key, or throws 429 when a key is blocked now (and
    /// counts nothing). Call before checking the password; then ``succeeded(user:address:)``.
    func attempt(user: String, address: String?) async throws {
        let now = clock.now()
        let forgetBefore = now.addingTimeInterval(-Self.quiet).millis
        let lock: SQLQueryString = database.dialect == .postgres ? "FOR UPDATE" : ""
        let keys = Self.keys(user: user, address: address)
        try await database.transaction { db in
            for (key, policy) in keys {
                try await db.raw("""
                    INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until)
                    VALUES (\(bind: key), 0, \(bind: now.millis), 0) ON CONFLICT (key) DO NOTHING
                    """).run()
                guard let row = try await db.raw("""
                    SELECT failures, last_failure_at, blocked_until FROM login_throttle WHERE key = \(bind: key) \(lock)
                    """).first() else { continue }
                let blockedUntil = try row.decode(column: "blocked_until", as: Int64.self)
                if blockedUntil > now.millis {
                    let seconds = Int((blockedUntil - now.millis + 999) / 1000)
                    throw APIError(.tooManyRequests, code: "LOGIN_THROTTLED",
                                   message: "too many failed logins; try again in \(seconds) s", retryAfter: seconds)
                }
                let last = try row.decode(column: "last_failure_at", as: Int64.self)
                let failures = (last < forgetBefore ? 0 : try row.decode(column: "failures", as: Int.self)) + 1
                let block = failures > policy.freeFailures
                    ? now.addingTimeInterval(min(Self.maxBlock, pow(2, Double(min(failures - policy.freeFailures - 1, 20))))).millis
                    : 0
                try await db.raw("""
                    UPDATE login_throttle SET failures = \(bind: failures), last_failure_at = \(bind: now.millis),
                      blocked_until = \(bind: block)
                    WHERE key = \(bind: key)
                    """).run()
            }
        }
    }

    /// A right password clears the user's count (and any block it just earned) and takes its
    /// attempt off the address's count; one valid account cannot wipe an address's record.
    func succeeded(user: String, address: String?) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM login_throttle WHERE key = \(bind: "user:\(user)")").run()
            if let address {
                try await db.raw("""
                    UPDATE login_throttle SET failures = failures - 1 WHERE key = \(bind: "addr:\(address)") AND failures > 0
                    """).run()
            }
        }
    }
}
