import CajaCore
import Foundation

/// A stored document: the fiscal document, its signature, and what the server keeps beside
/// it (who sent it, its flags, its DGI state). ``DocumentRepository`` reads and writes it.
struct DocumentRecord: Sendable {
    var document: FiscalDocument
    var signed: SignedDocument
    var companyID: UUID
    var deviceID: UUID?
    var offlineSessionID: UUID?
    var flags: [DocumentFlag]
    var dgiStatus: DGIState
    var receivedAt: Date
    /// Read from the submission queue when a caller needs it; nil until then.
    var submission: DGISubmissionState?

    var emission: Emission { document.issuance.contingency == nil ? .normal : .contingency }

    /// Whether the stored rFE carries its signature yet: documents are stored unsigned and
    /// the DGI queue signs them when it submits them (issue 16, item 2).
    var isSigned: Bool { signed.xml.contains("<SignatureValue>") }

    /// The signed rFE, for a download; ``ErrorCode/documentNotSigned`` (409) until the queue
    /// signed it. An unsigned rFE is not handed out: it is not the document the DGI receives
    /// (the schema requires its Signature), and a copy saved now would be mistaken for it.
    /// The CUFE and the QR URL are final before the signature and are in the document's detail.
    func signedXML() throws -> String {
        guard isSigned else {
            throw CajaError(.documentNotSigned, "the document is stored but not signed yet: the DGI queue signs it when it submits it")
        }
        return signed.xml
    }

    var summary: DocumentSummary {
        DocumentSummary(id: document.id, type: document.draft.type, number: document.issuance.number.value,
                        point: document.issuance.pointOfSale.code, cufe: document.cufe.value, emission: emission,
                        total: document.totals.total, issuedAt: PanamaTime.dgiTimestamp(document.issuance.issuedAt),
                        dgiStatus: dgiStatus)
    }

    var detail: DocumentDetail {
        DocumentDetail(summary: summary, document: document, flags: flags, offlineSessionID: offlineSessionID,
                       deviceID: deviceID, qrURL: signed.qrURL, dgi: submission)
    }

    init(document: FiscalDocument, signed: SignedDocument, companyID: UUID, deviceID: UUID?, offlineSessionID: UUID?,
         flags: [DocumentFlag], dgiStatus: DGIState, receivedAt: Date) {
        self.document = document
        self.signed = signed
        self.companyID = companyID
        self.deviceID = deviceID
        self.offlineSessionID = offlineSessionID
        self.flags = flags
        self.dgiStatus = dgiStatus
        self.receivedAt = receivedAt
    }

    /// The DigestValue of a signed rFE ("" for an unsigned one; its QR URL has it).
    static func digestValue(in xml: String) -> String {
        guard let start = xml.range(of: "<DigestValue>"), let end = xml.range(of: "</DigestValue>", range: start.upperBound..<xml.endIndex) else {
            return ""
        }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}
