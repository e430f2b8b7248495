import CajaCore
import Foundation

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
    let repository: any ThrottleRepository
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
        let keys = Self.keys(user: user, address: address)
        let repository = self.repository
        try await database.transaction { db in
            for (key, policy) in keys {
                guard var count = try await repository.lockedCount(key: key, now: now, db: db) else { continue }
                if count.blockedUntil > now.millis {
                    let seconds = Int((count.blockedUntil - now.millis + 999) / 1000)
                    throw CajaError(.loginThrottled, "too many failed logins; try again in \(seconds) s", retryAfter: seconds)
                }
                count.failures = (count.lastFailureAt < forgetBefore ? 0 : count.failures) + 1
                count.lastFailureAt = now.millis
                count.blockedUntil = count.failures > policy.freeFailures
                    ? now.addingTimeInterval(min(Self.maxBlock, pow(2, Double(min(count.failures - policy.freeFailures - 1, 20))))).millis
                    : 0
                try await repository.update(count, db: db)
            }
        }
    }

    /// A right password clears the user's count (and any block it just earned) and takes its
    /// attempt off the address's count; one valid account cannot wipe an address's record.
    func succeeded(user: String, address: String?) async throws {
        let repository = self.repository
        try await database.transaction { db in
            try await repository.clear(key: "user:\(user)", db: db)
            if let address { try await repository.forgive(key: "addr:\(address)", db: db) }
        }
    }
}
