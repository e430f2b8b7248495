import CajaCore
import Foundation
import SQLKit

/// Storing a document is three writes in the caller's transaction: the document, its wait
/// for a Reporte Z with its figures (O9), and its place in the DGI queue (N5). Online
/// issuance and sync both store through here, so neither can forget one of them.
struct DocumentStore: Sendable {
    let documents: any DocumentRepository
    let zReports: any ZReportRepository
    let submissions: any SubmissionRepository

    func store(_ records: [DocumentRecord], db: any SQLDatabase) async throws {
        try await documents.insert(records, db: db)
        try await zReports.open(records, db: db)
        try await submissions.enqueue(records, db: db)
    }
}
