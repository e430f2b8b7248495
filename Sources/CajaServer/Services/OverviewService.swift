import CajaCore
import Foundation

/// The panel's reads, each filtered by company: a page can never show another company's rows.
struct OverviewService: Sendable {
    let database: any DatabaseDriver
    let repositories: Repositories

    /// The documents issued in one business day.
    func documents(company: UUID, on day: PanamaTime.BusinessDay) async throws -> [IssuedDocument] {
        let documents = repositories.documents
        return try await database.read { db in try await documents.issued(from: day.start, to: day.end, company: company, db: db) }
    }

    /// Submissions per state.
    func queueCounts(company: UUID) async throws -> [DGIState: Int] {
        let submissions = repositories.submissions
        return try await database.read { db in try await submissions.counts(company: company, db: db) }
    }

    func sessions(company: UUID, id: UUID? = nil) async throws -> [OfflineSessionOverview] {
        let sessions = repositories.sessions
        return try await database.read { db in try await sessions.offlineSessions(company: company, id: id, db: db) }
    }

    func sequences(company: UUID) async throws -> [SequenceState] {
        let numbering = repositories.numbering
        return try await database.read { db in try await numbering.sequences(company: company, db: db) }
    }

    func blocks(company: UUID) async throws -> [HeldBlock] {
        let numbering = repositories.numbering
        return try await database.read { db in try await numbering.heldBlocks(company: company, db: db) }
    }

    func voidedRanges(company: UUID) async throws -> [VoidedRange] {
        let numbering = repositories.numbering
        return try await database.read { db in try await numbering.voidedRanges(company: company, db: db) }
    }

    /// Quarantined uploads, each with the stored document that holds its number (a conflict).
    func conflicts(company: UUID) async throws -> [(entry: QuarantineEntry, existing: DocumentRecord?)] {
        let repositories = self.repositories
        return try await database.read { db in
            var out: [(entry: QuarantineEntry, existing: DocumentRecord?)] = []
            for entry in try await repositories.quarantine.list(company: company, db: db) {
                var existing: DocumentRecord?
                if let id = entry.existingDocumentId.flatMap(UUID.init(uuidString:)) {
                    existing = try await repositories.documents.find(id: id, company: company, db: db)
                }
                out.append((entry, existing))
            }
            return out
        }
    }

    func submissions(company: UUID, state: DGIState?) async throws -> [QueueEntry] {
        let submissions = repositories.submissions
        return try await database.read { db in try await submissions.list(company: company, state: state, db: db) }
    }
}
