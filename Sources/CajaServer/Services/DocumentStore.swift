import CajaCore
import Foundation
import SQLKit

/// Storing a document is three writes in the caller's transaction: the document, its place in
/// the DGI queue (N5), and its figures added to the open Reporte Z bucket of its point and day
/// (O9). Online issuance and sync both store through here, so neither can forget one of them.
/// The bucket comes last: its row stays locked until the commit, and other registers of the
/// point wait for it.
struct DocumentStore: Sendable {
    let documents: any DocumentRepository
    let zReports: any ZReportRepository
    let submissions: any SubmissionRepository

    func store(_ records: [DocumentRecord], db: any SQLDatabase) async throws {
        try await documents.insert(records, db: db)
        try await submissions.enqueue(records, db: db)
        try await zReports.open(records, db: db)
    }
}
