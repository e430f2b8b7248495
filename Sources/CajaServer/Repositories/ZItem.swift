import CajaCore
import Foundation

/// One document going into the open Z bucket of its point and business day (issue 16, item 4):
/// whose it is and what it adds to the Z.
struct ZItem: Sendable {
    var company: UUID
    var document: UUID
    var point: String
    var day: PanamaTime.BusinessDay
    var contribution: ZReport.Contribution

    init(company: UUID, document: UUID, point: String, issuedAt: Date, contribution: ZReport.Contribution) {
        self.company = company
        self.document = document
        self.point = point
        day = PanamaTime.BusinessDay(containing: issuedAt)
        self.contribution = contribution
    }

    init(record: DocumentRecord) {
        let document = record.document
        self.init(company: record.companyID, document: document.id, point: document.issuance.pointOfSale.code,
                  issuedAt: document.issuance.issuedAt, contribution: ZReport.Contribution(document: document))
    }

    /// The bucket it goes to: documents are added, and buckets locked, in this key's order.
    var bucketKey: ZBucket.Key { ZBucket.Key(company: company.uuidString, point: point, day: day.description) }
}
