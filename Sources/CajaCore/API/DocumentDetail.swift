import Foundation

/// `GET /v1/documents/{id}`: the summary and the whole document.
public struct DocumentDetail: Codable, Sendable {
    public var summary: DocumentSummary
    public var document: FiscalDocument
    /// Anything the server noticed on upload (N4).
    public var flags: [DocumentFlag]
    public var offlineSessionID: UUID?
    public var deviceID: UUID?
    public var qrURL: String
    /// Where the document is in the DGI queue (absent in the answer that first stores it).
    public var dgi: DGISubmissionState?

    public init(summary: DocumentSummary, document: FiscalDocument, flags: [DocumentFlag], offlineSessionID: UUID?,
                deviceID: UUID?, qrURL: String, dgi: DGISubmissionState? = nil) {
        self.dgi = dgi
        self.summary = summary
        self.document = document
        self.flags = flags
        self.offlineSessionID = offlineSessionID
        self.deviceID = deviceID
        self.qrURL = qrURL
    }
}
