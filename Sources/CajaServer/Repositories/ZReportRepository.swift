import CajaCore
import Foundation
import SQLKit

/// Reportes Z (`z_reports`) and the documents waiting for one (`z_open`, with each one's
/// figures, O9).
protocol ZReportRepository: Sendable {
    /// Puts stored documents in `z_open`, in the transaction that stores them.
    func open(_ records: [DocumentRecord], db: any SQLDatabase) async throws
    /// Whether the point's business day already has its Z.
    func exists(point: PointOfSale, day: PanamaTime.BusinessDay, company: UUID, db: any SQLDatabase) async throws -> Bool
    /// The point's next Z number (1 for its first).
    func nextNumber(point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> Int64
    /// Takes (deletes and returns) the point's waiting documents issued before `end`: one
    /// statement, so a document stored meanwhile is taken now or left for the next Z.
    func take(point: PointOfSale, issuedBefore end: Date, company: UUID, db: any SQLDatabase) async throws -> [ZOpenEntry]
    func insert(_ report: ZReport, company: UUID, db: any SQLDatabase) async throws
    func find(id: UUID, company: UUID, db: any SQLDatabase) async throws -> ZReport?
    /// The newest 500, of one point or all.
    func list(company: UUID, point: String?, db: any SQLDatabase) async throws -> [ZReport]
    /// Waiting documents without figures (stored before figures existed), by key after `after`,
    /// with their document's JSON.
    func withoutFigures(after: ZOpenKey, limit: Int, db: any SQLDatabase) async throws -> [(key: ZOpenKey, documentJSON: String)]
    func setFigures(_ figures: ZReport.Contribution, for key: ZOpenKey, db: any SQLDatabase) async throws
}
