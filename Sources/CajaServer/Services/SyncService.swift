import CajaCore
import Foundation
import SQLKit

/// Receives offline documents (`POST /v1/sync`, N3 and N4).
///
/// Each document is judged and stored on its own, in its own transaction, and the answer
/// says what happened to each. Nothing a device sends is dropped:
/// - a valid document is stored (accepted), with flags for any rule it broke (outside its
///   block, outside the 24 h window, out of time order, a broken offline rule);
/// - the same id again answers what was stored the first time (duplicate), never a copy;
/// - a number already taken by another document is kept in quarantine beside it (conflict);
/// - a document that is not a valid fiscal document (its CUFE or totals do not recompute,
///   its grant is forged, its session unknown) is kept in quarantine (rejected).
struct SyncService: Sendable {
    let database: any DatabaseDriver
    let repositories: Repositories
    let numbering: NumberingService
    let companies: CompanyService
    let grantKey: GrantKey
    let dependencies: Dependencies
    let metrics: Metrics
    /// Called after a document is committed (wakes the DGI worker).
    let stored: @Sendable () -> Void
    let policy = OfflinePolicy.standard

    func sync(_ request: SyncRequest, by identity: Identity) async throws -> SyncResponse {
        let (device, _) = try identity.requireDevice()
        guard request.documents.count <= 500 else {
            throw CajaError(.batchTooLarge, field: "documents", "send at most 500 documents per batch")
        }
        let now = dependencies.clock.now()
        let company = identity.companyID
        let (issuer, signer) = try await companies.issuerAndSigner(of: identity)
        // Checked once for the batch (it is the same for every document): an issuer that fails
        // the check rejects each document with that error, as a check per document did.
        let checkedIssuer = Result { () throws(CajaError) in try CheckedIssuer(issuer) }

        // Sessions: valid ones are recorded (once); invalid ones reject their documents.
        var sessions: [UUID: OfflineSession] = [:]
        var badSessions: [UUID: CajaError] = [:]
        for session in request.sessions {
            do {
                try session.validate()
                // Judged with the end the server knows, which a register cannot take back
                // (a session revived by a recovery still ended when it was first said to).
                var known = session
                known.endedAt = try await record(session, company: company, device: device, now: now)
                sessions[session.id] = known
            } catch let error as CajaError {
                badSessions[session.id] = error
            }
        }
        // Grants: only blocks this server signed for this device count.
        var forged: Set<UUID> = []
        for grant in request.grants where !grantKey.verify(grant) || grant.block.deviceID != device || grant.block.companyID != company {
            forged.insert(grant.block.id)
        }
        let deviceBlocks = try await numbering.allBlocks(company: company, device: device)

        // Number order per point and type, so time order can be judged along the sequence.
        let ordered = request.documents.sorted {
            ($0.issuance.pointOfSale.code, $0.draft.type.dgiCode, $0.issuance.number) <
                ($1.issuance.pointOfSale.code, $1.draft.type.dgiCode, $1.issuance.number)
        }
        // Answers given before (N3), for the whole batch in one read.
        var results = try await previousResults(ids: ordered.map(\.draft.id), company: company)
        var valid: [(upload: SyncDocument, document: FiscalDocument, session: OfflineSession, flags: [DocumentFlag])] = []
        var invalid: [(upload: SyncDocument, code: String, message: String)] = []
        var seen: Set<UUID> = []
        for upload in ordered where results[upload.draft.id] == nil && seen.insert(upload.draft.id).inserted {
            switch judge(upload, issuer: checkedIssuer, sessions: sessions, badSessions: badSessions, forged: forged,
                         grants: request.grants, deviceBlocks: deviceBlocks, device: device) {
            case .valid(let document, let session, let flags):
                valid.append((upload, document, session, flags))
            case .invalid(let code, let message):
                invalid.append((upload, code, message))
            }
        }
        // Stored unsigned (issue 16, item 2): the answer promises only "stored and checked"
        // (N3, N4). RSA signing, which was most of a sync's time, is the DGI queue's, which
        // signs when it submits; the rFE and its QR (which needs the body's digest, not the
        // RSA signature) are written here, so the CUFE and the QR are final. No certificate
        // state can refuse an upload: with an expired one the documents wait in the queue.
        let signatures = signer.prepare(valid.map(\.document))
        let accepted = zip(valid, signatures).map {
            Accepted(upload: $0.upload, document: $0.document, session: $0.session, flags: $0.flags, signed: $1)
        }
        for result in try await store(accepted, company: company, device: device, now: now) {
            results[result.id] = result
        }
        for (upload, code, message) in invalid {
            try await quarantine(id: upload.draft.id, kind: .rejected, code: code, message: message, upload: upload, existing: nil,
                                 company: company, device: device, now: now)
            results[upload.draft.id] = SyncResult(id: upload.draft.id, status: .rejected, code: code, message: message)
        }
        if !valid.isEmpty { stored() }
        // One answer per uploaded document, in the request's order. An id sent twice in one
        // request is stored once: the later copy is answered like a retry (duplicate).
        var answered: Set<UUID> = []
        let answers = request.documents.compactMap { upload -> SyncResult? in
            guard var result = results[upload.draft.id] else { return nil }
            if !answered.insert(upload.draft.id).inserted, result.status == .accepted { result.status = .duplicate }
            metrics.increment("caja_sync_results_total", labels: "status=\"\(result.status.rawValue)\"")
            if result.status == .accepted { metrics.increment("caja_documents_issued_total", labels: "emission=\"contingency\"") }
            return result
        }
        return SyncResponse(results: answers)
    }

    /// A valid upload on its way into the database.
    struct Accepted: Sendable {
        var upload: SyncDocument
        var document: FiscalDocument
        var session: OfflineSession
        var flags: [DocumentFlag]
        /// The rFE without its signature yet (``FESigner/prepare(_:)``).
        var signed: SignedDocument
    }

    /// What the server thinks of one upload before touching the database.
    enum Verdict {
        case valid(FiscalDocument, session: OfflineSession, flags: [DocumentFlag])
        case invalid(code: String, message: String)
    }

    private func judge(_ upload: SyncDocument, issuer: Result<CheckedIssuer, CajaError>, sessions: [UUID: OfflineSession], badSessions: [UUID: CajaError],
                       forged: Set<UUID>, grants: [SignedNumberBlock], deviceBlocks: [NumberBlock], device: UUID) -> Verdict {
        if let error = badSessions[upload.sessionID] {
            return .invalid(code: error.code.rawValue, message: "its offline session is invalid: \(error.detail)")
        }
        guard let session = sessions[upload.sessionID] else {
            return .invalid(code: ErrorCode.unknownOfflineSession.rawValue, message: "offline session \(upload.sessionID) was not sent with the batch")
        }
        let number = upload.issuance.number.value
        let claimed = grants.filter { $0.block.pointOfSale == upload.issuance.pointOfSale && $0.block.type == upload.draft.type && $0.block.contains(number) }
        if claimed.contains(where: { forged.contains($0.block.id) }) {
            return .invalid(code: ErrorCode.grantInvalid.rawValue, message: "the grant for number \(number) is not one this server signed for this device")
        }
        let document: FiscalDocument
        do { document = try FiscalDocument(draft: upload.draft, issuer: issuer.get(), issuance: upload.issuance) } catch {
            return .invalid(code: error.code.rawValue, message: error.detail)
        }
        guard document.cufe.value == upload.cufe else {
            return .invalid(code: ErrorCode.cufeMismatch.rawValue, message: "the CUFE does not match the document (server computes \(document.cufe.value))")
        }
        guard document.totals.total == upload.total else {
            return .invalid(code: ErrorCode.totalsMismatch.rawValue, message: "the total recomputes to \(document.totals.total), not \(upload.total)")
        }
        var flags: [DocumentFlag] = []
        let inBlock = deviceBlocks.contains {
            $0.pointOfSale == upload.issuance.pointOfSale && $0.type == upload.draft.type && $0.contains(number)
        }
        if !inBlock { flags.append(.outsideBlock) }
        do { try policy.verify(document, in: session) } catch { flags.append(DocumentFlag(brokenRule: error.code)) }
        return .valid(document, session: session, flags: flags)
    }

    /// Stores the valid uploads of a batch in one transaction, in number order, so one
    /// commit (one fsync) covers them all. Should any of them collide on its id or its
    /// number (a concurrent retry, or a real N2 conflict), the transaction is rolled back
    /// whole and each is stored on its own, which tells the duplicate from the conflict.
    private func store(_ batch: [Accepted], company: UUID, device: UUID, now: Date) async throws -> [SyncResult] {
        guard !batch.isEmpty else { return [] }
        do {
            let records = try await database.transaction { db in
                try await insert(batch, company: company, device: device, now: now, db: db)
            }
            return records.map { SyncResult(id: $0.document.id, status: .accepted, flags: $0.flags, document: $0.summary) }
        } catch where database.isUniqueViolation(error) {
            var results: [SyncResult] = []
            for item in batch { results.append(try await store(item, company: company, device: device, now: now)) }
            return results
        }
    }

    /// One valid upload in its own transaction: accepted, or what holds its id or number.
    private func store(_ item: Accepted, company: UUID, device: UUID, now: Date) async throws -> SyncResult {
        let id = item.upload.draft.id
        do {
            let records = try await database.transaction { db in
                try await insert([item], company: company, device: device, now: now, db: db)
            }
            let record = try records.first.orThrow("stored document")
            return SyncResult(id: id, status: .accepted, flags: record.flags, document: record.summary)
        } catch where database.isUniqueViolation(error) {
            if let earlier = try await previousResults(ids: [id], company: company)[id] { return earlier }
            let document = item.document
            let documents = repositories.documents
            let holder = try await database.read { db in
                try await documents.holder(of: document.issuance.number.value, point: document.issuance.pointOfSale,
                                           type: document.draft.type, company: company, db: db)
            }?.uuidString
            let message = "number \(document.issuance.number) of \(document.issuance.pointOfSale.code)/\(document.draft.type.dgiCode) belongs to document \(holder ?? "?")"
            let code = ErrorCode.numberConflict.rawValue
            try await quarantine(id: id, kind: .conflict, code: code, message: message, upload: item.upload,
                                 existing: holder, company: company, device: device, now: now)
            return SyncResult(id: id, status: .conflict, code: code, message: message, flags: item.flags)
        }
    }

    /// Inserts accepted documents (in number order) with the flags only the database can
    /// tell: N4's time order along the device's sequence and a business day already closed
    /// by a Reporte Z.
    private func insert(_ items: [Accepted], company: UUID, device: UUID, now: Date, db: any SQLDatabase) async throws -> [DocumentRecord] {
        let outOfOrder = try await timeOrder(items.map(\.document), company: company, device: device, db: db)
        var closedDays: [String: Bool] = [:]
        var records: [DocumentRecord] = []
        for item in items {
            let document = item.document
            var flags = item.flags
            if outOfOrder.contains(document.id) { flags.append(.timeOrder) }
            let point = document.issuance.pointOfSale
            let day = PanamaTime.BusinessDay(containing: document.issuance.issuedAt)
            let key = "\(point.code)|\(day)"
            if closedDays[key] == nil {
                closedDays[key] = try await repositories.zReports.exists(point: point, day: day, company: company, db: db)
            }
            if closedDays[key] == true { flags.append(.dayAlreadyClosed) }
            records.append(DocumentRecord(document: document, signed: item.signed, companyID: company, deviceID: device,
                                          offlineSessionID: item.session.id, flags: flags, dgiStatus: .unsigned, receivedAt: now))
        }
        try await DocumentStore(documents: repositories.documents, zReports: repositories.zReports, submissions: repositories.submissions)
            .store(records, db: db)
        return records
    }

    /// What was answered before for these ids: a stored document (duplicate) or a
    /// quarantine entry (the same status again).
    private func previousResults(ids: [UUID], company: UUID) async throws -> [UUID: SyncResult] {
        guard !ids.isEmpty else { return [:] }
        let repositories = self.repositories
        let (documents, quarantined) = try await database.read { db in
            (try await repositories.documents.summaries(ids: ids, company: company, db: db),
             try await repositories.quarantine.entries(documents: ids, company: company, db: db))
        }
        var results: [UUID: SyncResult] = [:]
        for entry in quarantined {
            guard let id = UUID(uuidString: entry.documentId) else { continue }
            results[id] = SyncResult(id: id, status: entry.kind == .conflict ? .conflict : .rejected, code: entry.code, message: entry.message)
        }
        // A stored document wins over a quarantine entry of the same id.
        for (summary, flags) in documents {
            results[summary.id] = SyncResult(id: summary.id, status: .duplicate, flags: flags, document: summary)
        }
        return results
    }

    private func quarantine(id: UUID, kind: QuarantineEntry.Kind, code: String, message: String, upload: SyncDocument, existing: String?,
                            company: UUID, device: UUID, now: Date) async throws {
        let entry = QuarantineEntry(
            id: dependencies.uuid().uuidString, companyId: company.uuidString, documentId: id.uuidString, kind: kind, code: code,
            message: message, point: upload.issuance.pointOfSale.code, docType: upload.draft.type, number: upload.issuance.number.value,
            existingDocumentId: existing, payloadJson: String(decoding: try StrictJSON.encoder.encode(upload), as: UTF8.self),
            deviceId: device.uuidString, receivedAt: now.millis)
        let quarantine = repositories.quarantine
        do {
            try await database.transaction { db in try await quarantine.insert(entry, db: db) }
        } catch where database.isUniqueViolation(error) {
            // Quarantined concurrently by a retry of the same upload: kept once.
        }
    }

    /// N4: along one device's sequence, a document's time lies between its neighbours'.
    /// Each document is judged as if stored one by one in number order: against the nearest
    /// lower number (stored before, or earlier in this batch) and the nearest higher number
    /// stored before. A sequence passes pair by pair exactly when it runs in time order as a
    /// whole. Per sequence of the batch this reads the stored neighbours of its range with
    /// three look-ups along the (company, device, point, type, number) index. (The first
    /// version compared each document with the MAX/MIN over every lower/higher number,
    /// which read the whole sequence per document: quadratic in a sync, BENCHMARKS.md, 2.)
    /// Answers the ids of the documents out of order.
    private func timeOrder(_ documents: [FiscalDocument], company: UUID, device: UUID, db: any SQLDatabase) async throws -> Set<UUID> {
        var outOfOrder: Set<UUID> = []
        let sequences = Dictionary(grouping: documents) { "\($0.issuance.pointOfSale.code)|\($0.draft.type.dgiCode)" }
        for group in sequences.values {
            guard let sample = group.first else { continue }
            let numbers = group.map(\.issuance.number.value)
            let low = numbers.min() ?? 0
            let high = numbers.max() ?? 0
            let stored = try await repositories.documents.contingencyNeighbours(
                of: low...high, point: sample.issuance.pointOfSale, type: sample.draft.type, device: device, company: company, db: db)
            // In number order: stored documents, and this batch's documents (id set). A batch
            // document without contingency data is judged but, like such a stored one, is no
            // neighbour of the others (the stored look-ups see contingency documents only).
            var line: [(number: Int64, time: Int64, id: UUID?, neighbour: Bool)] = stored.map { ($0.number, $0.issuedAt.millis, nil, true) }
            line += group.map { ($0.issuance.number.value, $0.issuance.issuedAt.millis, $0.id, $0.issuance.contingency != nil) }
            line.sort { ($0.number, $0.id == nil ? 0 : 1) < ($1.number, $1.id == nil ? 0 : 1) }
            var previous: Int64?
            for entry in line {
                if let id = entry.id, let before = previous, before > entry.time { outOfOrder.insert(id) }
                if entry.neighbour { previous = entry.time }
            }
            var nextStored: Int64?
            for entry in line.reversed() {
                guard let id = entry.id else { nextStored = entry.time; continue }
                if let after = nextStored, after < entry.time { outOfOrder.insert(id) }
            }
        }
        return outOfOrder
    }

    /// Records the session (once) and answers its end as the server knows it: the first end
    /// it was told.
    private func record(_ session: OfflineSession, company: UUID, device: UUID, now: Date) async throws -> Date? {
        let sessions = repositories.sessions
        return try await database.transaction { db in
            try await sessions.record(session, company: company, device: device, receivedAt: now, db: db)
        }
    }
}
