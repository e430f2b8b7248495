import CajaCore
import Foundation
import SQLKit

/// The DGI submission queue (`submissions`, `submission_attempts`, N5): one row per stored
/// document with its state, attempts, lease and result, and one row per attempt.
protocol SubmissionRepository: Sendable {
    /// Queues stored documents in their `dgiStatus` (unsigned), in the transaction that stores them.
    func enqueue(_ records: [DocumentRecord], db: any SQLDatabase) async throws
    func state(of document: UUID, company: UUID, db: any SQLDatabase) async throws -> DGISubmissionState?
    /// Leases up to `limit` due submissions until `leaseUntil` and counts their attempt; a
    /// held one (certificate expired) only once its company's settings version moved.
    func claim(dueAt now: Date, leaseUntil: Date, limit: Int, db: any SQLDatabase) async throws -> [SubmissionClaim]
    /// Extends a claim's lease while its send is in flight (only while it is still that attempt's).
    func renewLease(_ claim: SubmissionClaim, until: Date, db: any SQLDatabase) async throws
    /// Records one attempt and moves the submission: a final state (never over an
    /// authorization), or an open one with the time of the next try.
    func record(_ claim: SubmissionClaim, attempt: SubmissionAttempt, db: any SQLDatabase) async throws
    /// How many submissions of the company are in each state.
    func counts(company: UUID, db: any SQLDatabase) async throws -> [DGIState: Int]
    /// The newest 200 submissions (of one state), with their document's number.
    func list(company: UUID, state: DGIState?, db: any SQLDatabase) async throws -> [QueueEntry]
    /// The submission's state and result codes (a retry's check).
    func result(of document: UUID, company: UUID, db: any SQLDatabase) async throws -> (state: DGIState, codes: Set<String>)?
    /// Puts a rejected submission back in the queue, due now, to be signed again (unsigned).
    func reopen(_ document: UUID, company: UUID, db: any SQLDatabase) async throws
}
