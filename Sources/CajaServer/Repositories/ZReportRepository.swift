import CajaCore
import Foundation
import SQLKit

/// Reportes Z (`z_reports`) and what waits for one (O9): per point and business day an open
/// bucket (``ZBucket``, `z_buckets`) with its running figures (`z_running`) and one row per
/// document (`z_documents`, which also tells which Z took a document: its bucket's
/// `z_report_id`); and `z_open`, documents stored before buckets, which the server's start
/// carries in (``ZReportService/carryWaiting(_:repository:scope:logger:)``).
protocol ZReportRepository: Sendable {
    /// Adds stored documents to their open buckets, in the transaction that stores them.
    func open(_ records: [DocumentRecord], db: any SQLDatabase) async throws
    /// Adds documents to the open bucket of their point and business day (opening one if none
    /// is): its row is locked (in ``ZBucket/Key`` order) until the transaction ends, its
    /// running figures and its document rows written after.
    func add(_ items: [ZItem], db: any SQLDatabase) async throws
    /// Whether the point's business day already has its Z.
    func exists(point: PointOfSale, day: PanamaTime.BusinessDay, company: UUID, db: any SQLDatabase) async throws -> Bool
    /// Whether the day has its Z, the point's last Z number, and whether documents of `scope`
    /// still wait in `z_open`: one statement.
    func closingState(point: PointOfSale, day: PanamaTime.BusinessDay, scope: ZOpenScope, db: any SQLDatabase) async throws -> ZClosingState
    /// Takes for `report` the point's open buckets of days up to `day`, one at a time in day
    /// order (the storing order): a bucket a document is being added to is taken once that
    /// document is committed, and a document stored after its bucket was taken opens a new one.
    func take(point: PointOfSale, through day: PanamaTime.BusinessDay, for report: UUID, company: UUID,
              db: any SQLDatabase) async throws -> [ZBucket]
    /// The sum of these buckets' running figures.
    func figures(of buckets: [ZBucket], company: UUID, db: any SQLDatabase) async throws -> ZReport.Figures
    /// The documents a Z of `day` taking these buckets lists: the contingency ones, and every
    /// one of a bucket of an earlier day (late).
    func listed(in buckets: [ZBucket], day: PanamaTime.BusinessDay, company: UUID, db: any SQLDatabase) async throws -> [ZListing]
    func insert(_ report: ZReport, company: UUID, db: any SQLDatabase) async throws
    func find(id: UUID, company: UUID, db: any SQLDatabase) async throws -> ZReport?
    /// The newest 500, of one point or all.
    func list(company: UUID, point: String?, db: any SQLDatabase) async throws -> [ZReport]
    /// Documents waiting in `z_open`, by key after `after` (with their JSON when they have no
    /// figures); only those `scope` names when given.
    func waiting(after: ZOpenKey, limit: Int, scope: ZOpenScope?, db: any SQLDatabase) async throws -> [ZOpenEntry]
    /// Deletes these from `z_open`, answering the ones this call deleted (another server's
    /// start may be carrying the same).
    func removeWaiting(_ keys: [ZOpenKey], db: any SQLDatabase) async throws -> Set<ZOpenKey>
}
