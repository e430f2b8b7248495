import CajaCore
import Foundation
import SQLKit

/// The append-only log of every settings change (`audit_log`, the bitácora): written in the
/// change's own transaction, never updated or deleted.
protocol AuditRepository: Sendable {
    func append(_ entry: AuditEntry, id: UUID, company: UUID, db: any SQLDatabase) async throws
    /// The newest entries first (the server's clock has whole seconds: changes within one
    /// second have no set order), at most the filter's limit, as the filter says.
    func entries(company: UUID, filter: AuditFilter, db: any SQLDatabase) async throws -> [AuditEntry]
}
