import CajaCore
import Foundation

/// A document waiting in `z_open`: stored by a version before Z buckets (migration 18), not
/// yet carried into one.
struct ZOpenEntry: Sendable, Decodable {
    var companyId: String
    var documentId: String
    var point: String
    var issuedAt: Int64
    /// Its figures (``ZReport/Contribution/encoded``); nil for a document stored before figures (migration 6).
    var zFigures: String?
    /// The document's JSON, read only when it has no figures.
    var documentJson: String?

    var key: ZOpenKey { ZOpenKey(company: companyId, document: documentId) }

    /// Its place in a bucket, from its figures or else its document; nil when neither reads.
    var item: ZItem? {
        guard let company = UUID(uuidString: companyId), let document = UUID(uuidString: documentId) else { return nil }
        let contribution: ZReport.Contribution
        if let text = zFigures, let figures = try? ZReport.Contribution(encoded: text) {
            contribution = figures
        } else if let json = documentJson, let stored = try? StrictJSON.decoder.decode(FiscalDocument.self, from: Data(json.utf8)) {
            contribution = ZReport.Contribution(document: stored)
        } else {
            return nil
        }
        return ZItem(company: company, document: document, point: point, issuedAt: Date(millis: issuedAt), contribution: contribution)
    }
}
