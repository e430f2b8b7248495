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
    let companies: CompanyService
    let grantKey: GrantKey
    let configuration: ServerConfiguration
    let metrics: Metrics
    /// Called after a document is committed (wakes the DGI worker).
    let stored: @Sendable () -> Void
    let policy = OfflinePolicy.standard

    func sync(_ request: SyncRequest, by identity: Identity) async throws -> SyncResponse {
        let (device, _) = try identity.requireDevice()
        guard request.documents.count <= 500 else {
            throw APIError(.contentTooLarge, code: "BATCH_TOO_LARGE", message: "send at most 500 documents per batch", field: "documents")
        }
        let now = configuration.clock.now()
        let company = identity.companyID
        let issuer = try await companies.issuer(of: company)
        let signer = try await companies.signer(of: company)

        // Sessions: valid ones are recorded (once); invalid ones reject their documents.
        var sessions: [UUID: OfflineSession] = [:]
        var badSessions: [UUID: CajaError] = [:]
        for session in request.sessions {
            do {
                try session.validate()
                try await record(session, company: company, device: device, now: now)
                sessions[session.id] = session
            } catch let error as CajaError {
                badSessions[session.id] = error
            }
        }
        // Grants: only blocks this server signed for this device count.
        var forged: Set<UUID> = []
        for grant in request.grants where !grantKey.verify(grant) || grant.block.deviceID != device || grant.block.companyID != company {
            forged.insert(grant.block.id)
        }
        let deviceBlocks = try await blocks(company: company, device: device)

        // Number order per point and type, so time order can be judged along the sequence.
        let ordered = request.documents.sorted {
            ($0.issuance.pointOfSale.code, $0.draft.type.dgiCode, $0.issuance.number) <
                ($1.issuance.pointOfSale.code, $1.draft.type.dgiCode, $1.issuance.number)
        }
        var results: [UUID: SyncResult] = [:]
        for upload in ordered {
            let verdict = judge(upload, issuer: issuer, sessions: sessions, badSessions: badSessions, forged: forged,
                                grants: request.grants, deviceBlocks: deviceBlocks, device: device)
            let result = try await store(upload, verdict: verdict, company: company, device: device, signer: signer, now: now)
            metrics.increment("caja_sync_results_total", labels: "status=\"\(result.status.rawValue)\"")
            if result.status == .accepted { metrics.increment("caja_documents_issued_total", labels: "emission=\"contingency\"") }
            results[upload.draft.id] = result
        }
        if results.values.contains(where: { $0.status == .accepted }) { stored() }
        return SyncResponse(results: request.documents.compactMap { results[$0.draft.id] })
    }

    /// What the server thinks of one upload before touching the database.
    enum Verdict {
        case valid(FiscalDocument, session: OfflineSession, flags: [String])
        case invalid(code: String, message: String)
    }

    private func judge(_ upload: SyncDocument, issuer: Issuer, sessions: [UUID: OfflineSession], badSessions: [UUID: CajaError],
                       forged: Set<UUID>, grants: [SignedNumberBlock], deviceBlocks: [NumberBlock], device: UUID) -> Verdict {
        if let error = badSessions[upload.sessionID] {
            return .invalid(code: error.code.rawValue, message: "its offline session is invalid: \(error.detail)")
        }
        guard let session = sessions[upload.sessionID] else {
            return .invalid(code: "UNKNOWN_OFFLINE_SESSION", message: "offline session \(upload.sessionID) was not sent with the batch")
        }
        let number = upload.issuance.number.value
        let claimed = grants.filter { $0.block.pointOfSale == upload.issuance.pointOfSale && $0.block.type == upload.draft.type && $0.block.contains(number) }
        if claimed.contains(where: { forged.contains($0.block.id) }) {
            return .invalid(code: "GRANT_INVALID", message: "the grant for number \(number) is not one this server signed for this device")
        }
        let document: FiscalDocument
        do { document = try FiscalDocument(draft: upload.draft, issuer: issuer, issuance: upload.issuance) } catch {
            return .invalid(code: error.code.rawValue, message: error.detail)
        }
        guard document.cufe.value == upload.cufe else {
            return .invalid(code: "CUFE_MISMATCH", message: "the CUFE does not match the document (server computes \(document.cufe.value))")
        }
        guard document.totals.total == upload.total else {
            return .invalid(code: "TOTALS_MISMATCH", message: "the total recomputes to \(document.totals.total), not \(upload.total)")
        }
        var flags: [String] = []
        let inBlock = deviceBlocks.contains {
            $0.pointOfSale == upload.issuance.pointOfSale && $0.type == upload.draft.type && $0.contains(number)
        }
        if !inBlock { flags.append("OUTSIDE_BLOCK") }
        do { try policy.verify(document, in: session) } catch { flags.append(error.code.rawValue) }
        return .valid(document, session: session, flags: flags)
    }

    private func store(_ upload: SyncDocument, verdict: Verdict, company: UUID, device: UUID, signer: FESigner,
                       now: Date) async throws -> SyncResult {
        let id = upload.draft.id
        let payload = String(decoding: try StrictJSON.encoder.encode(upload), as: UTF8.self)
        if let earlier = try await previousResult(id: id, company: company) { return earlier }
        switch verdict {
        case .invalid(let code, let message):
            try await quarantine(id: id, kind: "rejected", code: code, message: message, upload: upload, existing: nil,
                                 payload: payload, company: company, device: device, now: now)
            return SyncResult(id: id, status: .rejected, code: code, message: message)
        case .valid(let document, let session, let flags):
            let signed = try signer.sign(document)
            do {
                let record = try await database.transaction { db in
                    var allFlags = flags + (try await timeOrderFlags(document, company: company, device: device, db: db))
                    if try await ZReportService.isClosed(point: document.issuance.pointOfSale, at: document.issuance.issuedAt,
                                                         company: company, db: db) {
                        allFlags.append("DAY_ALREADY_CLOSED")
                    }
                    let record = DocumentRecord(document: document, signed: signed, companyID: company, deviceID: device,
                                                offlineSessionID: session.id, flags: allFlags, dgiStatus: "pending", receivedAt: now)
                    try await record.insert(into: db)
                    return record
                }
                return SyncResult(id: id, status: .accepted, flags: record.flags, document: record.summary)
            } catch where database.isUniqueViolation(error) {
                if let earlier = try await previousResult(id: id, company: company) { return earlier }
                let holder = try await database.read { db in
                    try await db.raw("""
                        SELECT id FROM documents WHERE company_id = \(bind: company.uuidString) AND point = \(bind: document.issuance.pointOfSale.code)
                          AND doc_type = \(bind: document.draft.type.dgiCode) AND number = \(bind: document.issuance.number.value)
                        """).first(decodingColumn: "id", as: String.self)
                }
                let message = "number \(document.issuance.number) of \(document.issuance.pointOfSale.code)/\(document.draft.type.dgiCode) belongs to document \(holder ?? "?")"
                try await quarantine(id: id, kind: "conflict", code: "NUMBER_CONFLICT", message: message, upload: upload,
                                     existing: holder, payload: payload, company: company, device: device, now: now)
                return SyncResult(id: id, status: .conflict, code: "NUMBER_CONFLICT", message: message, flags: flags)
            }
        }
    }

    /// What was answered for this id before: a stored document (duplicate) or a quarantine
    /// entry (the same status again).
    private func previousResult(id: UUID, company: UUID) async throws -> SyncResult? {
        if let record = try await database.read({ db in try await DocumentRecord.load(id: id, company: company, db: db) }) {
            return SyncResult(id: id, status: .duplicate, flags: record.flags, document: record.summary)
        }
        let row = try await database.read { db in
            try await db.raw("SELECT kind, code, message FROM quarantine WHERE company_id = \(bind: company.uuidString) AND document_id = \(bind: id.uuidString)").first()
        }
        guard let row else { return nil }
        let kind = try row.decode(column: "kind", as: String.self)
        return SyncResult(id: id, status: kind == "conflict" ? .conflict : .rejected,
                          code: try row.decode(column: "code", as: String.self), message: try row.decode(column: "message", as: String.self))
    }

    private func quarantine(id: UUID, kind: String, code: String, message: String, upload: SyncDocument, existing: String?,
                            payload: String, company: UUID, device: UUID, now: Date) async throws {
        do {
            try await database.transaction { db in
                try await db.raw("""
                    INSERT INTO quarantine (id, company_id, document_id, kind, code, message, point, doc_type, number,
                                            existing_document_id, payload_json, device_id, received_at)
                    VALUES (\(bind: UUID().uuidString), \(bind: company.uuidString), \(bind: id.uuidString), \(bind: kind), \(bind: code),
                            \(bind: message), \(bind: upload.issuance.pointOfSale.code), \(bind: upload.draft.type.dgiCode),
                            \(bind: upload.issuance.number.value), \(bind: existing), \(bind: payload), \(bind: device.uuidString),
                            \(bind: now.millis))
                    """).run()
            }
        } catch where database.isUniqueViolation(error) {
            // Quarantined concurrently by a retry of the same upload: kept once.
        }
    }

    /// N4: along one device's sequence, a higher number must not carry an earlier time.
    private func timeOrderFlags(_ document: FiscalDocument, company: UUID, device: UUID, db: any SQLDatabase) async throws -> [String] {
        let issued = document.issuance.issuedAt.millis
        let row = try await db.raw("""
            SELECT
              (SELECT MAX(issued_at) FROM documents WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
                 AND point = \(bind: document.issuance.pointOfSale.code) AND doc_type = \(bind: document.draft.type.dgiCode)
                 AND emission = 'contingency' AND number < \(bind: document.issuance.number.value)) AS before_max,
              (SELECT MIN(issued_at) FROM documents WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
                 AND point = \(bind: document.issuance.pointOfSale.code) AND doc_type = \(bind: document.draft.type.dgiCode)
                 AND emission = 'contingency' AND number > \(bind: document.issuance.number.value)) AS after_min
            """).first()
        let before = try row?.decode(column: "before_max", as: Int64?.self)
        let after = try row?.decode(column: "after_min", as: Int64?.self)
        if let before, before > issued { return ["TIME_ORDER"] }
        if let after, after < issued { return ["TIME_ORDER"] }
        return []
    }

    private func record(_ session: OfflineSession, company: UUID, device: UUID, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO offline_sessions (id, company_id, device_id, activated_at, reason, accepted_by, accepted_at, terms_version,
                                              received_at, ended_at)
                VALUES (\(bind: session.id.uuidString), \(bind: company.uuidString), \(bind: device.uuidString), \(bind: session.activatedAt.millis),
                        \(bind: session.reason), \(bind: session.acceptedBy), \(bind: session.acceptedAt.millis), \(bind: session.termsVersion),
                        \(bind: now.millis), \(bind: session.endedAt?.millis))
                ON CONFLICT (company_id, id) DO UPDATE SET ended_at = COALESCE(offline_sessions.ended_at, excluded.ended_at)
                """).run()
        }
    }

    private func blocks(company: UUID, device: UUID) async throws -> [NumberBlock] {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT id, device_id, point, doc_type, first_number, last_number, issued_at, signature FROM number_blocks
                WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
                """).all()
        }
        return try rows.map { try NumberingService.grant(from: $0, company: company).block }
    }
}
