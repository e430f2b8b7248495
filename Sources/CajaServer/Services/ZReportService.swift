import CajaCore
import Foundation
import Logging
import SQLKit

/// Reportes Z (online only, O9): the closing of a point of sale's business day.
///
/// A Z takes every document of its point issued before the end of its day that no earlier
/// Z took — so offline documents of an already closed day, synced late, land in the next Z
/// and are listed there as late. Each stored document is added, in its storing transaction,
/// to the open bucket of its point and business day (``ZBucket``: running figures per type,
/// rate and payment, and one row per document); a Z takes the open buckets of its point up
/// to its day and reads their figures, a handful of rows, and reads individually only the
/// documents it lists (contingency and late ones). A bucket's row is locked by whoever adds to
/// it or takes it, so a document synced during the closing is either in this Z or in a new
/// bucket for the next, never in two and never in none (issue 16, item 4).
struct ZReportService: Sendable {
    let database: any DatabaseDriver
    let repositories: Repositories
    let dependencies: Dependencies

    /// Documents of the earlier version wait in `z_open` for this Z: carried into buckets first.
    private struct Waiting: Error {}

    func create(_ request: ZReportRequest, by identity: Identity) async throws -> ZReport {
        let point = try PointOfSale(request.pointOfSale)
        if identity.role == .cashier, identity.pointOfSale != point { throw CajaError.forbidden }
        guard let day = PanamaTime.BusinessDay(request.day) else {
            throw CajaError.invalidRequest("day must be AAAA-MM-DD", field: "day")
        }
        let now = dependencies.clock.now()
        guard day.start <= now else {
            throw CajaError(.dayNotStarted, field: "day", "\(request.day) has not begun in Panama")
        }
        let scope = ZOpenScope(company: identity.companyID, point: point, issuedBefore: day.end)
        for _ in 0..<3 {
            do {
                return try await close(point: point, day: day, scope: scope, by: identity, at: now)
            } catch is Waiting {
                // Stored by a server of the earlier version (during an upgrade): carried now.
                _ = try await Self.carryWaiting(database, repository: repositories.zReports, scope: scope, logger: nil)
            }
        }
        throw CajaError(.internalError, "documents keep arriving in z_open for \(point.code): a server of an earlier version is still running")
    }

    private func close(point: PointOfSale, day: PanamaTime.BusinessDay, scope: ZOpenScope, by identity: Identity,
                       at now: Date) async throws -> ZReport {
        let company = identity.companyID
        let id = dependencies.uuid()
        let repositories = self.repositories
        do {
            return try await database.transaction { db in
                guard try await repositories.catalog.pointExists(point, company: company, db: db) else {
                    throw CajaError.notFound("point of sale")
                }
                let state = try await repositories.zReports.closingState(point: point, day: day, scope: scope, db: db)
                guard !state.isClosed else { throw Self.alreadyClosed(day.description) }
                if state.waiting != nil {
                    if let stuck = try await repositories.zReports.waiting(after: .first, limit: 1, scope: scope, db: db).first, stuck.item == nil {
                        throw Self.figuresMissing(stuck.documentId)
                    }
                    throw Waiting()
                }
                let number = state.nextNumber
                let buckets = try await repositories.zReports.take(point: point, through: day, for: id, company: company, db: db)
                let figures = try await repositories.zReports.figures(of: buckets, company: company, db: db)
                let listed = try await repositories.zReports.listed(in: buckets, day: day, company: company, db: db)
                let summaries = Dictionary(uniqueKeysWithValues: try await repositories.documents.summaries(
                    ids: Array(Set(listed.map(\.document))), company: company, db: db).map { ($0.summary.id, $0.summary) })
                let report = ZReport(id: id, number: number, pointOfSale: point.code, day: day.description,
                                     createdAt: Date(millis: now.millis), createdBy: identity.username, figures: figures,
                                     contingency: listed.filter(\.contingency).compactMap { summaries[$0.document] },
                                     late: listed.filter(\.late).compactMap { summaries[$0.document] })
                try await repositories.zReports.insert(report, company: company, db: db)
                return report
            }
        } catch where database.isUniqueViolation(error) {
            throw Self.alreadyClosed(day.description)
        }
    }

    /// Carries documents waiting in `z_open` (stored by a version before Z buckets, migration
    /// 18; without figures if before migration 6) into their buckets, 500 per transaction, at
    /// the server's start (all of them) and before a Z that finds some of its own (`scope`).
    /// Each carried row is deleted in the transaction that adds it to its bucket, and only rows
    /// this transaction deleted are added, so two servers starting at once carry each once. A
    /// document with neither readable figures nor readable JSON stays (logged): the server still
    /// starts, and a Z of its point answers Z_FIGURES_MISSING naming it. Answers how many it carried.
    @discardableResult
    static func carryWaiting(_ database: any DatabaseDriver, repository: any ZReportRepository, scope: ZOpenScope? = nil,
                             logger: Logger?) async throws -> Int {
        var after = ZOpenKey.first
        var carried = 0
        while true {
            let last = after
            let page = try await database.transaction { db -> (count: Int, carried: Int, last: ZOpenKey, stuck: [String]) in
                let rows = try await repository.waiting(after: last, limit: 500, scope: scope, db: db)
                let decoded = rows.map { (row: $0, item: $0.item) }
                let readable = decoded.compactMap { entry in entry.item.map { (key: entry.row.key, item: $0) } }
                let removed = try await repository.removeWaiting(readable.map(\.key), db: db)
                let items = readable.filter { removed.contains($0.key) }.map(\.item)
                try await repository.add(items, db: db)
                let stuck = decoded.filter { $0.item == nil }.map(\.row.documentId)
                return (rows.count, items.count, rows.last?.key ?? last, stuck)
            }
            for document in page.stuck {
                logger?.error("document has no Z figures: its JSON does not decode", metadata: ["document": "\(document)"])
            }
            carried += page.carried
            if page.count == 0 { break }
            after = page.last
        }
        if carried > 0 { logger?.info("documents waiting for a Reporte Z carried into Z buckets", metadata: ["count": "\(carried)"]) }
        return carried
    }

    static func alreadyClosed(_ day: String) -> CajaError {
        CajaError(.zAlreadyExists, field: "day", "the day \(day) of this point already has its Reporte Z")
    }

    static func figuresMissing(_ document: String) -> CajaError {
        CajaError(.zFiguresMissing, "document \(document) has no Z figures: its stored JSON does not decode (see the server log)")
    }

    func get(_ id: UUID, company: UUID) async throws -> ZReport {
        let zReports = repositories.zReports
        guard let report = try await database.read({ db in try await zReports.find(id: id, company: company, db: db) }) else {
            throw CajaError.notFound("Reporte Z")
        }
        return report
    }

    func list(company: UUID, point: String?) async throws -> [ZReport] {
        let zReports = repositories.zReports
        return try await database.read { db in try await zReports.list(company: company, point: point, db: db) }
    }
}
