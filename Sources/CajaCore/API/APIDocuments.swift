import Foundation

/// One document as the API lists it. `issuedAt` is ISO 8601 with the Panama offset.
public struct DocumentSummary: Codable, Sendable, Hashable {
    public var id: UUID
    public var type: DocumentType
    public var number: Int64
    /// "001"
    public var point: String
    public var cufe: String
    public var emission: Emission
    public var total: Money
    public var issuedAt: String
    public var dgiStatus: DGIState

    public init(id: UUID, type: DocumentType, number: Int64, point: String, cufe: String, emission: Emission,
                total: Money, issuedAt: String, dgiStatus: DGIState) {
        self.id = id
        self.type = type
        self.number = number
        self.point = point
        self.cufe = cufe
        self.emission = emission
        self.total = total
        self.issuedAt = issuedAt
        self.dgiStatus = dgiStatus
    }
}

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

/// `GET /v1/documents`: one page and the cursor of the next, nil at the end.
public struct DocumentPage: Codable, Sendable {
    public var items: [DocumentSummary]
    public var next: String?

    public init(items: [DocumentSummary], next: String?) {
        self.items = items
        self.next = next
    }
}

/// The document's journey to the DGI (N5): its submission state, attempts, and the
/// protocol (dProAut) or the rule codes of a rejection.
public struct DGISubmissionState: Codable, Sendable, Hashable {
    public var status: DGIState
    public var attempts: Int
    /// dProAut, when authorized.
    public var protocolNumber: String?
    /// ISO 8601 with the Panama offset.
    public var authorizedAt: String?
    /// dCodRes (comma-separated when several rules failed).
    public var code: String?
    public var message: String?
    /// The last transport failure while it is still being retried.
    public var lastError: String?

    public init(status: DGIState, attempts: Int, protocolNumber: String?, authorizedAt: String?, code: String?,
                message: String?, lastError: String?) {
        self.status = status
        self.attempts = attempts
        self.protocolNumber = protocolNumber
        self.authorizedAt = authorizedAt
        self.code = code
        self.message = message
        self.lastError = lastError
    }
}
