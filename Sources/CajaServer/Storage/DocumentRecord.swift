import CajaCore
import Foundation
import SQLKit

/// A stored document: the row of `documents`, written and read in one place.
struct DocumentRecord: Sendable {
    var document: FiscalDocument
    var signed: SignedDocument
    var companyID: UUID
    var deviceID: UUID?
    var offlineSessionID: UUID?
    var flags: [String]
    var dgiStatus: String
    var receivedAt: Date
    /// Read with ``loadSubmission(db:)``; nil until then.
    var submission: DGISubmissionState?

    var emission: String { document.issuance.contingency == nil ? "normal" : "contingency" }

    var summary: DocumentSummary {
        DocumentSummary(id: document.id, type: document.draft.type.dgiCode, number: document.issuance.number.value,
                        point: document.issuance.pointOfSale.code, cufe: document.cufe.value, emission: emission,
                        total: document.totals.total, issuedAt: PanamaTime.dgiTimestamp(document.issuance.issuedAt),
                        dgiStatus: dgiStatus)
    }

    var detail: DocumentDetail {
        DocumentDetail(summary: summary, document: document, flags: flags, offlineSessionID: offlineSessionID,
                       deviceID: deviceID, qrURL: signed.qrURL, dgi: submission)
    }

    /// Reads the document's DGI submission (state, attempts, protocol or rule codes).
    mutating func loadSubmission(db: any SQLDatabase) async throws {
        let row = try await db.raw("""
            SELECT state, attempts, protocol, authorized_at, result_code, result_message, last_error FROM submissions
            WHERE company_id = \(bind: companyID.uuidString) AND document_id = \(bind: document.id.uuidString)
            """).first()
        submission = try row.map { row in
            DGISubmissionState(
                status: try row.decode(column: "state", as: String.self), attempts: try row.decode(column: "attempts", as: Int.self),
                protocolNumber: try row.decode(column: "protocol", as: String?.self),
                authorizedAt: try row.decode(column: "authorized_at", as: Int64?.self).map { PanamaTime.dgiTimestamp(Date(millis: $0)) },
                code: try row.decode(column: "result_code", as: String?.self),
                message: try row.decode(column: "result_message", as: String?.self),
                lastError: try row.decode(column: "last_error", as: String?.self))
        }
    }

    /// Inserts rows with one multi-row INSERT per table and chunk (a sync batch or an online
    /// group is one round trip per table, not three per document). A unique violation (same
    /// id, or same point/type/number) is thrown to the caller, who decides between "already
    /// had" and "conflict". Each document is also put in
    /// `z_open` with its figures, waiting for its Reporte Z (O9), and queued for the DGI in
    /// the same transaction (N5).
    static func insert(_ records: [DocumentRecord], into db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: records.count, by: 200) {
            let chunk = records[start..<min(records.count, start + 200)]
            var documents = SQLQueryString("""
                INSERT INTO documents (id, company_id, point, doc_type, number, cufe, emission, total_cents, issued_at, dgi_status,
                                       device_id, offline_session_id, flags, document_json, xml, qr_url, received_at) VALUES
                """)
            var open = SQLQueryString("INSERT INTO z_open (company_id, document_id, point, issued_at, z_figures) VALUES ")
            var submissions = SQLQueryString("INSERT INTO submissions (company_id, document_id, state, attempts, next_attempt_at, created_at) VALUES ")
            for (index, record) in chunk.enumerated() {
                let document = record.document
                let separator = index == 0 ? "" : ", "
                let json = String(decoding: try StrictJSON.encoder.encode(document), as: UTF8.self)
                documents.appendInterpolation(unsafeRaw: separator)
                documents.appendInterpolation(SQLQueryString("""
                    (\(bind: document.id.uuidString), \(bind: record.companyID.uuidString), \(bind: document.issuance.pointOfSale.code),
                     \(bind: document.draft.type.dgiCode), \(bind: document.issuance.number.value), \(bind: document.cufe.value),
                     \(bind: record.emission), \(bind: document.totals.total.cents), \(bind: document.issuance.issuedAt.millis),
                     \(bind: record.dgiStatus), \(bind: record.deviceID?.uuidString), \(bind: record.offlineSessionID?.uuidString),
                     \(bind: record.flags.joined(separator: ",")), \(bind: json), \(bind: record.signed.xml), \(bind: record.signed.qrURL),
                     \(bind: record.receivedAt.millis))
                    """))
                open.appendInterpolation(unsafeRaw: separator)
                open.appendInterpolation(SQLQueryString("""
                    (\(bind: record.companyID.uuidString), \(bind: document.id.uuidString), \(bind: document.issuance.pointOfSale.code),
                     \(bind: document.issuance.issuedAt.millis), \(bind: ZReport.Contribution(document: document).encoded))
                    """))
                submissions.appendInterpolation(unsafeRaw: separator)
                submissions.appendInterpolation(SQLQueryString("""
                    (\(bind: record.companyID.uuidString), \(bind: document.id.uuidString), 'pending', 0, 0, \(bind: record.receivedAt.millis))
                    """))
            }
            try await db.raw(documents).run()
            try await db.raw(open).run()
            try await db.raw(submissions).run()
        }
    }

    static let columns = "id, company_id, device_id, offline_session_id, flags, document_json, xml, qr_url, dgi_status, received_at"

    /// The columns a ``DocumentSummary`` is read from, without decoding the document.
    static let summaryColumns = "id, doc_type, number, point, cufe, emission, total_cents, issued_at, dgi_status"

    /// The `flags` column: comma-separated codes.
    static func flags(from row: any SQLRow) throws -> [String] {
        try row.decode(column: "flags", as: String.self).split(separator: ",").map(String.init)
    }

    static func summary(from row: any SQLRow) throws -> DocumentSummary {
        DocumentSummary(id: try UUID(uuidString: row.decode(column: "id", as: String.self)).orThrow("document id"),
                        type: try row.decode(column: "doc_type", as: String.self), number: try row.decode(column: "number", as: Int64.self),
                        point: try row.decode(column: "point", as: String.self), cufe: try row.decode(column: "cufe", as: String.self),
                        emission: try row.decode(column: "emission", as: String.self),
                        total: Money(cents: try row.decode(column: "total_cents", as: Int64.self)),
                        issuedAt: PanamaTime.dgiTimestamp(Date(millis: try row.decode(column: "issued_at", as: Int64.self))),
                        dgiStatus: try row.decode(column: "dgi_status", as: String.self))
    }

    static func load(id: UUID, company: UUID, db: any SQLDatabase) async throws -> DocumentRecord? {
        let row = try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM documents
            WHERE company_id = \(bind: company.uuidString) AND id = \(bind: id.uuidString)
            """).first()
        return try row.map(DocumentRecord.init(row:))
    }

    init(row: any SQLRow) throws {
        let json = try row.decode(column: "document_json", as: String.self)
        document = try StrictJSON.decoder.decode(FiscalDocument.self, from: Data(json.utf8))
        let xml = try row.decode(column: "xml", as: String.self)
        signed = SignedDocument(xml: xml, cufe: document.cufe, digestValue: Self.digestValue(in: xml),
                                qrURL: try row.decode(column: "qr_url", as: String.self))
        companyID = try UUID(uuidString: row.decode(column: "company_id", as: String.self)).orThrow("company id")
        deviceID = try row.decode(column: "device_id", as: String?.self).flatMap(UUID.init(uuidString:))
        offlineSessionID = try row.decode(column: "offline_session_id", as: String?.self).flatMap(UUID.init(uuidString:))
        flags = try Self.flags(from: row)
        dgiStatus = try row.decode(column: "dgi_status", as: String.self)
        receivedAt = Date(millis: try row.decode(column: "received_at", as: Int64.self))
    }

    init(document: FiscalDocument, signed: SignedDocument, companyID: UUID, deviceID: UUID?, offlineSessionID: UUID?,
         flags: [String], dgiStatus: String, receivedAt: Date) {
        self.document = document
        self.signed = signed
        self.companyID = companyID
        self.deviceID = deviceID
        self.offlineSessionID = offlineSessionID
        self.flags = flags
        self.dgiStatus = dgiStatus
        self.receivedAt = receivedAt
    }

    /// The DigestValue of a signed rFE.
    static func digestValue(in xml: String) -> String {
        guard let start = xml.range(of: "<DigestValue>"), let end = xml.range(of: "</DigestValue>", range: start.upperBound..<xml.endIndex) else {
            return ""
        }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}
