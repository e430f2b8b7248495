import Foundation
import SQLKit

/// Slows password guessing (issue 13, item 3): failed logins are counted per user name and
/// per client address in the database, so every server process sharing it sees the same
/// counts. After a few free failures each further one blocks that key for a doubling time
/// (1 s, 2 s, 4 s … at most 15 minutes); while blocked, a login is answered
/// `429 LOGIN_THROTTLED` with `Retry-After`, before any password is checked. A success clears
/// the user's count; a quiet quarter of an hour clears any count.
///
/// The address is the TCP peer's: behind a reverse proxy every client shares the proxy's, so
/// the address allowance is generous; `X-Forwarded-For` is not trusted (anyone can send it).
struct LoginThrottle: Sendable {
    let database: any DatabaseDriver
    let clock: ServerClock

    struct Policy: Sendable {
        /// Failures allowed before blocking starts.
        var freeFailures: Int
    }

    static let user = Policy(freeFailures: 5)
    static let address = Policy(freeFailures: 20)
    static let maxBlock: TimeInterval = 15 * 60
    /// A count older than this is forgotten.
    static let quiet: TimeInterval = 15 * 60

    /// The keys one login attempt is counted under.
    static func keys(user: String, address: String?) -> [(key: String, policy: Policy)] {
        var keys = [("user:\(user)", Self.user)]
        if let address { keys.append(("addr:\(address)", Self.address)) }
        return keys
    }

    /// Throws 429 when any of the attempt's keys is blocked now.
    func check(user: String, address: String?) async throws {
        let now = clock.now().millis
        let names = Self.keys(user: user, address: address).map(\.key)
        let blockedUntil = try await database.read { db in
            var query = SQLQueryString("SELECT MAX(blocked_until) AS until FROM login_throttle WHERE key IN ")
            query.appendList(names)
            return try await db.raw(query).first(decodingColumn: "until", as: Int64?.self)
        }
        if let until = blockedUntil ?? nil, until > now {
            let seconds = Int((until - now + 999) / 1000)
            throw APIError(.tooManyRequests, code: "LOGIN_THROTTLED",
                           message: "too many failed logins; try again in \(seconds) s", retryAfter: seconds)
        }
    }

    /// Counts a failed attempt under each key and blocks the keys past their allowance.
    func failed(user: String, address: String?) async throws {
        let now = clock.now()
        let forgetBefore = now.addingTimeInterval(-Self.quiet).millis
        for (key, policy) in Self.keys(user: user, address: address) {
            try await database.transaction { db in
                let failures = try await db.raw("""
                    INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until)
                    VALUES (\(bind: key), 1, \(bind: now.millis), 0)
                    ON CONFLICT (key) DO UPDATE SET
                      failures = CASE WHEN login_throttle.last_failure_at < \(bind: forgetBefore) THEN 1
                                      ELSE login_throttle.failures + 1 END,
                      last_failure_at = \(bind: now.millis)
                    RETURNING failures
                    """).first(decodingColumn: "failures", as: Int.self) ?? 1
                guard failures > policy.freeFailures else { return }
                let block = min(Self.maxBlock, pow(2, Double(min(failures - policy.freeFailures - 1, 20))))
                try await db.raw("""
                    UPDATE login_throttle SET blocked_until = \(bind: now.addingTimeInterval(block).millis) WHERE key = \(bind: key)
                    """).run()
            }
        }
    }

    /// A right password clears the user's count (not the address's: one valid account must
    /// not reset the guessing allowance of a whole address).
    func succeeded(user: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM login_throttle WHERE key = \(bind: "user:\(user)")").run()
        }
    }
}
