import CajaCore
import Foundation
import Logging
import SQLKit

/// Reportes Z (online only, O9): the closing of a point of sale's business day.
///
/// A Z takes every document of its point issued before the end of its day that no earlier
/// Z took — so offline documents of an already closed day, synced late, land in the next Z
/// and are listed there as late. Documents not yet taken wait in `z_open` with their figures
/// (``ZReport/Contribution``); taking and reading are one statement (`DELETE … RETURNING`),
/// so a document synced during the closing is either in this Z or left for the next, never
/// in two and never in none.
struct ZReportService: Sendable {
    let database: any DatabaseDriver
    let repositories: Repositories
    let dependencies: Dependencies

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
        let company = identity.companyID
        let id = dependencies.uuid()
        let repositories = self.repositories
        do {
            return try await database.transaction { db in
                guard try await repositories.catalog.pointExists(point, company: company, db: db) else {
                    throw CajaError.notFound("point of sale")
                }
                guard try await !repositories.zReports.exists(point: point, day: day, company: company, db: db) else {
                    throw Self.alreadyClosed(request.day)
                }
                let number = try await repositories.zReports.nextNumber(point: point, company: company, db: db)
                let taken = try await repositories.zReports.take(point: point, issuedBefore: day.end, company: company, db: db)
                let entries = try await Self.entries(taken, company: company, day: day, repositories: repositories, db: db)
                let report = ZReport(id: id, number: number, pointOfSale: point.code, day: request.day,
                                     createdAt: Date(millis: now.millis), createdBy: identity.username, entries: entries)
                try await repositories.zReports.insert(report, company: company, db: db)
                return report
            }
        } catch where database.isUniqueViolation(error) {
            throw Self.alreadyClosed(request.day)
        }
    }

    /// The Z entries of the taken documents: each one's figures, plus, for the documents the
    /// Z lists (contingency and late ones), their summary.
    private static func entries(_ taken: [ZOpenEntry], company: UUID, day: PanamaTime.BusinessDay, repositories: Repositories,
                                db: any SQLDatabase) async throws -> [ZReport.Entry] {
        var entries: [UUID: ZReport.Entry] = [:]
        for item in taken {
            guard let text = item.figures else {
                throw CajaError(.zFiguresMissing, "document \(item.document) has no Z figures: its stored JSON does not decode (see the server log)")
            }
            let contribution = try ZReport.Contribution(encoded: text)
            entries[item.document] = ZReport.Entry(contribution: contribution, summary: nil, late: item.issuedAt < day.start)
        }
        let listed = entries.filter { $0.value.late || $0.value.contribution.contingency }.map(\.key)
        for (summary, _) in try await repositories.documents.summaries(ids: listed, company: company, db: db) {
            entries[summary.id]?.summary = summary
        }
        return Array(entries.values)
    }

    /// Fills the Z figures of documents stored before they existed (migration 6), once, at
    /// the server's start, from each document's own JSON, walking z_open by key. A document
    /// whose JSON no longer decodes is logged and left without figures: the server still
    /// starts, and a Z of its point answers Z_FIGURES_MISSING naming it.
    static func fillFigures(_ database: any DatabaseDriver, repository: any ZReportRepository, logger: Logger) async throws {
        var after = ZOpenKey.first
        while true {
            let last = after
            let page = try await database.transaction { db -> (count: Int, last: ZOpenKey) in
                let rows = try await repository.withoutFigures(after: last, limit: 500, db: db)
                for (key, json) in rows {
                    guard let document = try? StrictJSON.decoder.decode(FiscalDocument.self, from: Data(json.utf8)) else {
                        logger.error("document has no Z figures: its JSON does not decode", metadata: ["document": "\(key.document)"])
                        continue
                    }
                    try await repository.setFigures(ZReport.Contribution(document: document), for: key, db: db)
                }
                return (rows.count, rows.last?.key ?? last)
            }
            if page.count == 0 { return }
            after = page.last
        }
    }

    static func alreadyClosed(_ day: String) -> CajaError {
        CajaError(.zAlreadyExists, field: "day", "the day \(day) of this point already has its Reporte Z")
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
