import CajaCore
import Foundation
import SQLKit

/// Online issuance and reading of documents.
struct DocumentService: Sendable {
    let database: any DatabaseDriver
    let documents: any DocumentRepository
    let submissions: any SubmissionRepository
    let companies: CompanyService
    let dependencies: Dependencies
    let metrics: Metrics
    /// Called after a document is committed (wakes the DGI worker).
    let stored: @Sendable () -> Void
    private let groups: IssuanceGroups<OnlineRequest, DocumentRecord>

    init(database: any DatabaseDriver, repositories: Repositories, numbering: NumberingService, companies: CompanyService,
         dependencies: Dependencies, metrics: Metrics, stored: @escaping @Sendable () -> Void) {
        self.database = database
        documents = repositories.documents
        submissions = repositories.submissions
        self.companies = companies
        self.dependencies = dependencies
        self.metrics = metrics
        self.stored = stored
        let store = DocumentStore(documents: repositories.documents, zReports: repositories.zReports, submissions: repositories.submissions)
        groups = IssuanceGroups { requests in try await Self.commit(requests, database: database, numbering: numbering, store: store) }
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
    /// next number of the caller's point of sale, writes the rFE and stores it, in one
    /// transaction shared with the requests waiting on the same sequence (``IssuanceGroups``).
    ///
    /// Stored unsigned, like a synced document: the DGI queue signs it when it submits it
    /// (issue 16, item 2: one signing mechanism, and no RSA in a sale's latency). The answer
    /// still carries everything the register's receipt prints: the document, its CUFE and its
    /// QR URL, which needs the digest of the rFE's body (the XML-DSig Reference), not the RSA
    /// signature, and which the queue keeps as is when it signs (``FESigner/sign(preparedXML:cufe:)``).
    /// So a sale is never refused for the certificate: with an expired one it is stored and
    /// waits in the queue (`certificateExpired`) for a new one.
    /// Idempotent on the draft's id (N3): the same draft again returns the stored
    /// document (`created == false`); a different draft under a used id is refused.
    func issueOnline(_ draft: DocumentDraft, by identity: Identity) async throws -> (record: DocumentRecord, created: Bool) {
        let (device, point) = try identity.requireDevice()
        try draft.validate()
        if let existing = try await existing(draft, company: identity.companyID) { return (existing, false) }
        // A retry of a document stored before its point was deactivated still gets its answer (N3).
        guard identity.pointActive else { throw AccountService.pointInactive(point) }

        var generator = dependencies.random.generator
        let (issuer, signer) = try await companies.issuerAndSigner(of: identity)
        let request = OnlineRequest(draft: draft, company: identity.companyID, device: device, point: point,
                                    issuer: issuer, signer: signer,
                                    issuedAt: Date(millis: dependencies.clock.now().millis),
                                    securityCode: SecurityCode.random(using: &generator))
        do {
            let record = try await groups.issue(request, sequence: request.sequence)
            metrics.increment("caja_documents_issued_total", labels: "emission=\"normal\"")
            stored()
            return (record, true)
        } catch where database.isUniqueViolation(error) {
            // The same id was stored concurrently: answer like a retry.
            if let existing = try await existing(draft, company: identity.companyID) { return (existing, false) }
            throw error
        }
    }

    /// Stores requests of one sequence in one transaction: n consecutive numbers from one
    /// counter move, the documents built and written unsigned, then inserted.
    private static func commit(_ requests: [OnlineRequest], database: any DatabaseDriver, numbering: NumberingService,
                               store: DocumentStore) async throws -> [DocumentRecord] {
        guard let first = requests.first else { return [] }
        return try await database.transaction { db in
            let start = try await numbering.take(Int64(requests.count), company: first.company, point: first.point,
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
            let signed = first.signer.prepare(documents)
            let records = zip(zip(requests, documents), signed).map { pair, signed in
                DocumentRecord(document: pair.1, signed: signed, companyID: pair.0.company, deviceID: pair.0.device,
                               offlineSessionID: nil, flags: [], dgiStatus: .unsigned, receivedAt: pair.0.issuedAt)
            }
            try await store.store(records, db: db)
            return records
        }
    }

    /// The stored document with the draft's id, if the draft is the same; a 409 if not.
    private func existing(_ draft: DocumentDraft, company: UUID) async throws -> DocumentRecord? {
        let documents = self.documents
        guard let record = try await database.read({ db in try await documents.find(id: draft.id, company: company, db: db) }) else {
            return nil
        }
        guard record.document.draft == draft else {
            throw CajaError(.documentIDReused, field: "id", "id \(draft.id) belongs to a different document")
        }
        return record
    }

    func get(_ id: UUID, company: UUID) async throws -> DocumentRecord {
        let (documents, submissions) = (self.documents, self.submissions)
        let record = try await database.read { db -> DocumentRecord? in
            guard var record = try await documents.find(id: id, company: company, db: db) else { return nil }
            record.submission = try await submissions.state(of: id, company: company, db: db)
            return record
        }
        guard let record else { throw CajaError.notFound("document") }
        return record
    }

    /// One page, newest first, by keyset (issued_at, id): as fast on page 1,000 as on page 1.
    func list(company: UUID, filter: DocumentFilter) async throws -> DocumentPage {
        let documents = self.documents
        let rows = try await database.read { db in try await documents.list(company: company, filter: filter, db: db) }
        let records = rows.prefix(filter.limit)
        let next = rows.count > filter.limit ? records.last.map { DocumentCursor(record: $0).encoded } : nil
        return DocumentPage(items: records.map(\.summary), next: next)
    }

    /// Rule codes a resend may clear (the message or the signature, after the company fixed
    /// its certificate); the others are in the document itself and would fail again.
    static let retryableCodes: Set<String> = ["0101", "0102"]

    /// Whether a rejection with these codes may be cleared by sending again.
    static func isRetryable(_ state: DGIState, codes: Set<String>) -> Bool {
        state == .rejected && !codes.isEmpty && codes.isSubset(of: retryableCodes)
    }

    /// Puts a rejected document back in the DGI queue to be signed again, with the company's
    /// certificate as it is when the queue sends it (unsigned: the queue signs, so an expired
    /// certificate holds it there like any other). False for a rejection a resend cannot fix.
    func resubmit(_ id: UUID, company: UUID) async throws -> Bool {
        let (documents, submissions) = (self.documents, self.submissions)
        let done = try await database.transaction { db -> Bool in
            guard let result = try await submissions.result(of: id, company: company, db: db),
                  Self.isRetryable(result.state, codes: result.codes) else { return false }
            try await documents.setDGIState(.unsigned, id: id, company: company, onlyFrom: nil, signed: nil, db: db)
            try await submissions.reopen(id, company: company, db: db)
            return true
        }
        if done { stored() }
        return done
    }
}
