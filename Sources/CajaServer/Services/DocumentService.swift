import CajaCore
import Foundation
import SQLKit

/// Online issuance and reading of documents.
struct DocumentService: Sendable {
    let database: any DatabaseDriver
    let companies: CompanyService
    let configuration: ServerConfiguration
    let metrics: Metrics
    /// Called after a document is committed (wakes the DGI worker).
    let stored: @Sendable () -> Void
    private let groups: IssuanceGroups<OnlineRequest, DocumentRecord>

    init(database: any DatabaseDriver, companies: CompanyService, configuration: ServerConfiguration, metrics: Metrics,
         stored: @escaping @Sendable () -> Void) {
        self.database = database
        self.companies = companies
        self.configuration = configuration
        self.metrics = metrics
        self.stored = stored
        groups = IssuanceGroups { requests in try await Self.commit(requests, database: database) }
    }

    /// One online document on its way into the database; its sequence is (company, point, type).
    struct OnlineRequest: Sendable {
        var draft: DocumentDraft
        var company: UUID
        var device: UUID
        var point: PointOfSale
        var issuer: Issuer
        var signer: FESigner
        var issuedAt: Date
        var securityCode: SecurityCode

        var sequence: String { "\(company.uuidString)|\(point.code)|\(draft.type.dgiCode)" }
    }

    /// Issues a draft online (`POST /v1/documents`): validates it with CajaCore, takes the
    /// next number of the caller's point of sale, signs the rFE and stores it, in one
    /// transaction shared with the requests waiting on the same sequence (``IssuanceGroups``).
    /// Idempotent on the draft's id (N3): the same draft again returns the stored
    /// document (`created == false`); a different draft under a used id is refused.
    func issueOnline(_ draft: DocumentDraft, by identity: Identity) async throws -> (record: DocumentRecord, created: Bool) {
        let (device, point) = try identity.requireDevice()
        do { try draft.validate() } catch { throw APIError(error) }
        if let existing = try await existing(draft, company: identity.companyID) { return (existing, false) }

        var generator = SystemRandomNumberGenerator()
        let request = OnlineRequest(draft: draft, company: identity.companyID, device: device, point: point,
                                    issuer: try await companies.issuer(of: identity.companyID),
                                    signer: try await companies.signer(of: identity.companyID),
                                    issuedAt: Date(millis: configuration.clock.now().millis),
                                    securityCode: SecurityCode.random(using: &generator))
        do {
            let record = try await groups.issue(request, sequence: request.sequence)
            metrics.increment("caja_documents_issued_total", labels: "emission=\"normal\"")
            stored()
            return (record, true)
        } catch let error as CajaError {
            throw APIError(error)
        } catch where database.isUniqueViolation(error) {
            // The same id was stored concurrently: answer like a retry.
            if let existing = try await existing(draft, company: identity.companyID) { return (existing, false) }
            throw error
        }
    }

    /// Stores requests of one sequence in one transaction: n consecutive numbers from one
    /// counter move, the documents built and signed (on every core), then inserted.
    private static func commit(_ requests: [OnlineRequest], database: any DatabaseDriver) async throws -> [DocumentRecord] {
        guard let first = requests.first else { return [] }
        return try await database.transaction { db in
            let start = try await NumberingService.take(Int64(requests.count), company: first.company, point: first.point,
                                                        type: first.draft.type, db: db)
            // Numbers follow the requests' times, so a higher number never carries an earlier time.
            let order = requests.indices.sorted { (requests[$0].issuedAt, $0) < (requests[$1].issuedAt, $1) }
            var numbers = [Int64](repeating: 0, count: requests.count)
            for (rank, index) in order.enumerated() { numbers[index] = start + Int64(rank) }
            var documents: [FiscalDocument] = []
            for (offset, request) in requests.enumerated() {
                let issuance = Issuance(pointOfSale: request.point, number: try DocumentNumber(numbers[offset]),
                                        issuedAt: request.issuedAt, securityCode: request.securityCode)
                documents.append(try FiscalDocument(draft: request.draft, issuer: request.issuer, issuance: issuance))
            }
            let signed = try await first.signer.sign(documents)
            let records = zip(zip(requests, documents), signed).map { pair, signed in
                DocumentRecord(document: pair.1, signed: signed, companyID: pair.0.company, deviceID: pair.0.device,
                               offlineSessionID: nil, flags: [], dgiStatus: "pending", receivedAt: pair.0.issuedAt)
            }
            try await DocumentRecord.insert(records, into: db)
            return records
        }
    }

    /// The stored document with the draft's id, if the draft is the same; a 409 if not.
    private func existing(_ draft: DocumentDraft, company: UUID) async throws -> DocumentRecord? {
        guard let record = try await database.read({ db in try await DocumentRecord.load(id: draft.id, company: company, db: db) }) else {
            return nil
        }
        guard record.document.draft == draft else {
            throw APIError(.conflict, code: "DOCUMENT_ID_REUSED", message: "id \(draft.id) belongs to a different document", field: "id")
        }
        return record
    }

    func get(_ id: UUID, company: UUID) async throws -> DocumentRecord {
        let record = try await database.read { db -> DocumentRecord? in
            guard var record = try await DocumentRecord.load(id: id, company: company, db: db) else { return nil }
            try await record.loadSubmission(db: db)
            return record
        }
        guard let record else { throw APIError.notFound("document") }
        return record
    }

    /// Filters of `GET /v1/documents`.
    struct Filter: Sendable {
        var point: String?
        var type: String?
        var emission: String?
        var dgiStatus: String?
        /// Documents of one offline session.
        var session: String?
        var from: Date?
        var to: Date?
        var limit: Int = 50
        var after: DocumentCursor?
    }

    /// One page, newest first, by keyset (issued_at, id): as fast on page 1,000 as on page 1.
    func list(company: UUID, filter: Filter) async throws -> DocumentPage {
        let rows = try await database.read { db in
            var sql = SQLQueryString("SELECT \(unsafeRaw: DocumentRecord.columns) FROM documents WHERE company_id = \(bind: company.uuidString)")
            if let point = filter.point { sql.appendInterpolation(unsafeRaw: " AND point = "); sql.appendInterpolation(bind: point) }
            if let type = filter.type { sql.appendInterpolation(unsafeRaw: " AND doc_type = "); sql.appendInterpolation(bind: type) }
            if let emission = filter.emission { sql.appendInterpolation(unsafeRaw: " AND emission = "); sql.appendInterpolation(bind: emission) }
            if let status = filter.dgiStatus { sql.appendInterpolation(unsafeRaw: " AND dgi_status = "); sql.appendInterpolation(bind: status) }
            if let session = filter.session { sql.appendInterpolation(unsafeRaw: " AND offline_session_id = "); sql.appendInterpolation(bind: session) }
            if let from = filter.from { sql.appendInterpolation(unsafeRaw: " AND issued_at >= "); sql.appendInterpolation(bind: from.millis) }
            if let to = filter.to { sql.appendInterpolation(unsafeRaw: " AND issued_at < "); sql.appendInterpolation(bind: to.millis) }
            if let after = filter.after {
                // A row-value comparison, so both databases walk the (…, issued_at, id) index
                // from the cursor instead of filtering from the top (BENCHMARKS.md, 4).
                sql.appendInterpolation(unsafeRaw: " AND (issued_at, id) < (")
                sql.appendInterpolation(bind: after.issuedAt)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: after.id)
                sql.appendInterpolation(unsafeRaw: ")")
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY issued_at DESC, id DESC LIMIT \(filter.limit + 1)")
            return try await db.raw(sql).all()
        }
        let records = try rows.prefix(filter.limit).map(DocumentRecord.init(row:))
        let next = rows.count > filter.limit ? records.last.map { DocumentCursor(record: $0).encoded } : nil
        return DocumentPage(items: records.map(\.summary), next: next)
    }
}

/// Position in the document list: the (issued_at, id) of the last item seen, opaque to clients.
struct DocumentCursor: Sendable {
    var issuedAt: Int64
    var id: String

    init(record: DocumentRecord) {
        issuedAt = record.document.issuance.issuedAt.millis
        id = record.document.id.uuidString
    }

    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|")
        guard parts.count == 2, let millis = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil else { return nil }
        issuedAt = millis
        id = String(parts[1])
    }

    var encoded: String { Data("\(issuedAt)|\(id)".utf8).base64EncodedString() }
}
