import CajaCore
import Foundation
import SQLKit

/// The stored fiscal documents (`documents`). Every method runs on the `db` it is given, so
/// a service groups several of them (and other repositories' writes) in one transaction.
protocol DocumentRepository: Sendable {
    /// Inserts the records, a few round trips per batch. A unique violation (same id, or same
    /// point/type/number) is thrown to the caller.
    func insert(_ records: [DocumentRecord], db: any SQLDatabase) async throws
    func find(id: UUID, company: UUID, db: any SQLDatabase) async throws -> DocumentRecord?
    /// One page of the list, newest first, by keyset; `filter.limit + 1` rows at most, so the
    /// caller knows whether a next page exists.
    func list(company: UUID, filter: DocumentFilter, db: any SQLDatabase) async throws -> [DocumentRecord]
    /// Summaries and flags of the given documents (without decoding the documents).
    func summaries(ids: [UUID], company: UUID, db: any SQLDatabase) async throws -> [(summary: DocumentSummary, flags: [DocumentFlag])]
    /// The id of the document holding a number.
    func holder(of number: Int64, point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws -> UUID?
    /// The numbers of a range that documents use, ascending.
    func usedNumbers(in range: ClosedRange<Int64>, point: PointOfSale, type: DocumentType, company: UUID,
                     db: any SQLDatabase) async throws -> [Int64]
    /// A device's contingency documents of one sequence around `low...high`: the nearest
    /// below, all inside, the nearest above (N4's time order).
    func contingencyNeighbours(of range: ClosedRange<Int64>, point: PointOfSale, type: DocumentType, device: UUID, company: UUID,
                               db: any SQLDatabase) async throws -> [(number: Int64, issuedAt: Date)]
    /// How many documents of `type` the device issued on its busiest Panama day since `since`.
    func busiestDay(device: UUID, type: DocumentType, since: Date, company: UUID, db: any SQLDatabase) async throws -> Int
    /// The signed XML and CUFE the DGI queue sends.
    func signedXML(id: UUID, company: UUID, db: any SQLDatabase) async throws -> (xml: String, cufe: String)?
    /// Moves the document's DGI state; with `onlyFrom`, only from one of those states. With
    /// `signed`, stores that signature (and its QR) too, in the same statement, whatever the state.
    func setDGIState(_ state: DGIState, id: UUID, company: UUID, onlyFrom: [DGIState]?, signed: SignedDocument?,
                     db: any SQLDatabase) async throws
    /// What the panel's home page adds up: the documents issued in `from..<to`.
    func issued(from: Date, to: Date, company: UUID, db: any SQLDatabase) async throws -> [IssuedDocument]
}
