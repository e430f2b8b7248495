import CajaCore
import Foundation
import SQLKit

/// A company's settings by its admin (issue 14, item 2): points of sale, users, products and
/// registers. Every change
/// is written with its audit entry (who, when, what, before and after) in one transaction, so
/// the log never misses a change nor shows one that did not happen. Supervisors read.
struct SettingsService: Sendable {
    let database: any DatabaseDriver
    let repositories: Repositories
    let accounts: AccountService
    let numbering: NumberingService
    let dependencies: Dependencies
    /// Called after new signing credentials are stored: wakes the DGI queue, so documents it
    /// held for an expired certificate are signed and sent now, not at its next poll.
    var credentialsReplaced: @Sendable () -> Void = {}

    // MARK: - Audit

    func audit(of identity: Identity, action: String?) async throws -> [AuditEntry] {
        var filter = AuditFilter()
        filter.action = action
        return try await audit(of: identity, filter: filter)
    }

    func audit(of identity: Identity, filter: AuditFilter) async throws -> [AuditEntry] {
        _ = try identity.require(.admin, .supervisor)
        let audit = repositories.audit
        return try await database.read { db in try await audit.entries(company: identity.companyID, filter: filter, db: db) }
    }

    /// Runs `body` and appends its audit entry in the same transaction. `body` answers the
    /// before and after JSON when it knows them only inside the transaction.
    func change(by identity: Identity, action: String, subject: String, before: String? = nil, after: String? = nil,
                        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await change(by: identity, action: action, subject: subject) { db in
            try await body(db)
            return (before, after)
        }
    }

    func change(by identity: Identity, action: String, subject: String,
                        _ body: @escaping @Sendable (any SQLDatabase) async throws -> (String?, String?)) async throws {
        try await changeAnswering(by: identity, action: action, subject: subject) { db in
            let (before, after) = try await body(db)
            return (before, after, ())
        }
    }

    /// ``change(by:action:subject:_:)`` for a change that answers something besides its audit entry.
    func changeAnswering<Result: Sendable>(by identity: Identity, action: String, subject: String,
                                  _ body: @escaping @Sendable (any SQLDatabase) async throws -> (String?, String?, Result)) async throws -> Result {
        let (now, id, audit) = (dependencies.clock.now(), dependencies.uuid(), repositories.audit)
        return try await database.transaction { db in
            let (before, after, result) = try await body(db)
            try await audit.append(AuditEntry(at: now, actor: identity.username, action: action, subject: subject,
                                              before: before, after: after), id: id, company: identity.companyID, db: db)
            return result
        }
    }

    static func json(_ value: some Encodable) throws -> String { String(decoding: try WireJSON.encoder.encode(value), as: UTF8.self) }
}
