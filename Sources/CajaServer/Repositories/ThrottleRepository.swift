import Foundation
import SQLKit

/// Login attempts per key (`login_throttle`): a user name or a client address.
protocol ThrottleRepository: Sendable {
    /// The key's count, created at zero when missing and locked until the transaction ends.
    func lockedCount(key: String, now: Date, db: any SQLDatabase) async throws -> ThrottleCount?
    func update(_ count: ThrottleCount, db: any SQLDatabase) async throws
    /// Forgets a key.
    func clear(key: String, db: any SQLDatabase) async throws
    /// Takes one attempt off a key's count.
    func forgive(key: String, db: any SQLDatabase) async throws
}
