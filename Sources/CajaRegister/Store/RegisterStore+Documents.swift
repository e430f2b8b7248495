import CajaCore
import Foundation
import GRDB
import Synchronization

extension RegisterStore {
    // MARK: - Login and catalog

    /// The login, decoded once per change of the store (``StoreVersion``).
    public func login() throws -> RegisterLogin? {
        try read { db in
            let version = try version(in: db)
            if let kept = cache.withLock({ $0.login }), kept.version == version { return kept.value }
            let login = try Self.value(RegisterLogin.self, "login", in: db)
            cache.withLock { $0.login = StoreCache.Entry(version: version, value: login) }
            return login
        }
    }

    /// The register's identity: the login's, else the one `caja recover` brought back.
    public func identity() throws -> RegisterIdentity? {
        try read { db in
            try Self.value(RegisterLogin.self, "login", in: db).map { RegisterIdentity($0) }
                ?? Self.value(RegisterIdentity.self, "identity", in: db)
        }
    }

    /// Saves the login and the catalog (nil: logged out, catalog kept only when given) and the
    /// journal's snapshot with them (no credential goes there).
    package func saveLogin(_ login: RegisterLogin?, catalog: CatalogResponse?) throws {
        try write { db in
            try Self.setValue(login, "login", in: db)
            try Self.setValue(login.map { RegisterIdentity($0) }, "identity", in: db)
            if let catalog { try Self.setCatalog(catalog, in: db) }
            try writeSnapshot(in: db)
        }
    }

    /// Records `now` as seen and returns the highest time seen before it.
    @discardableResult
    func noteTime(_ now: Date) throws -> Date? {
        try write(keepingCache: { state in state.highestSeen = max(state.highestSeen ?? now, now) }) { try Self.noteTime(now, in: $0) }
    }

    func highestSeen() throws -> Date? { try read { try Self.value(Date.self, "highestSeen", in: $0) } }

    // MARK: - Counts

    public func pendingCount() throws -> Int { try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox") ?? 0 } }

    public func count(status: StoredDocument.Status) throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM documents WHERE status = ?", arguments: [status.rawValue]) ?? 0 }
    }

    // MARK: - Blocks

    /// Keeps new blocks (the grant without the server's sizing advice, which is not part of
    /// it) and the latest sizing per type, and rewrites the journal's snapshot.
    func addBlocks(_ grants: [SignedNumberBlock]) throws {
        try write { db in
            for grant in grants {
                if let sizing = grant.sizing { try Self.setValue(sizing, "sizing.\(grant.block.type.dgiCode)", in: db) }
                var bare = grant
                bare.sizing = nil
                let text = String(decoding: try WireJSON.encoder.encode(bare), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO blocks (id, type, first, last, next, grant) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """, arguments: [grant.block.id.uuidString, grant.block.type.dgiCode, grant.block.first,
                                     grant.block.last, grant.block.first, text])
            }
            try writeSnapshot(in: db)
        }
    }

    /// Keeps the server's latest sizing advice per type (from `GET /v1/blocks`).
    func saveSizing(_ grants: [SignedNumberBlock]) throws {
        try write { db in
            for grant in grants {
                if let sizing = grant.sizing { try Self.setValue(sizing, "sizing.\(grant.block.type.dgiCode)", in: db) }
            }
        }
    }

    /// The server's latest sizing advice for `type`, nil when it never sent one.
    public func sizing(for type: DocumentType) throws -> BlockSizing? {
        try read { try Self.value(BlockSizing.self, "sizing.\(type.dgiCode)", in: $0) }
    }

    public func blockBalances() throws -> [BlockBalance] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT type, SUM(last - next + 1) AS remaining, COUNT(*) AS blocks FROM blocks
                WHERE next <= last GROUP BY type ORDER BY type
                """).map { BlockBalance(type: $0["type"], remaining: $0["remaining"], blocks: $0["blocks"]) }
        }
    }

    static func grant(_ id: String, in db: Database) throws -> SignedNumberBlock? {
        guard let text = try String.fetchOne(db, sql: "SELECT grant FROM blocks WHERE id = ?", arguments: [id]) else { return nil }
        return try WireJSON.decoder.decode(SignedNumberBlock.self, from: Data(text.utf8))
    }

    // MARK: - Offline sessions

    /// The offline session that has not ended, if any.
    public func activeSession() throws -> OfflineSession? {
        try read { db in
            if let kept = keptSale(at: try version(in: db)) { return kept.session?.value }
            return try Self.activeSession(in: db)
        }
    }

    static func activeSession(in db: Database) throws -> OfflineSession? {
        guard let text = try activeSessionText(in: db) else { return nil }
        return try WireJSON.decoder.decode(OfflineSession.self, from: Data(text.utf8))
    }

    /// The active session's JSON as stored.
    static func activeSessionText(in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT data FROM offline_sessions WHERE ended_at IS NULL ORDER BY activated_at DESC LIMIT 1")
    }

    static func session(_ id: String, in db: Database) throws -> OfflineSession? {
        guard let text = try String.fetchOne(db, sql: "SELECT data FROM offline_sessions WHERE id = ?", arguments: [id]) else { return nil }
        return try WireJSON.decoder.decode(OfflineSession.self, from: Data(text.utf8))
    }

    static func insertSession(_ session: OfflineSession, in db: Database) throws {
        let text = String(decoding: try WireJSON.encoder.encode(session), as: UTF8.self)
        try db.execute(sql: "INSERT INTO offline_sessions (id, data, activated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                       arguments: [session.id.uuidString, text, session.activatedAt.timeIntervalSince1970])
    }

    /// Starts an offline session: stored, and in the journal's snapshot as the open one.
    func startSession(_ session: OfflineSession, at now: Date) throws {
        try write { db in
            _ = try Self.noteTime(now, in: db)
            try Self.insertSession(session, in: db)
            try writeSnapshot(in: db)
        }
    }

    /// Ends an offline session: its end goes to the journal (a recovered register keeps it
    /// ended) and the snapshot, in the transaction that ends it.
    func endSession(_ id: UUID, at now: Date) throws {
        try write { db in
            guard try String.fetchOne(db, sql: "SELECT id FROM offline_sessions WHERE id = ? AND ended_at IS NULL",
                                      arguments: [id.uuidString]) != nil else { return }
            try appendToJournal(try JournalRecord.sessionEnded(id: id, at: now).line(), in: db)
            try db.execute(sql: "UPDATE offline_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                           arguments: [now.timeIntervalSince1970, id.uuidString])
            try writeSnapshot(in: db)
        }
    }

    // MARK: - Documents

    /// Issues one offline document in one transaction, or answers nil, having written nothing,
    /// when no offline session is open (the sale goes online). In that one transaction
    /// (issue 16, item 1: a sale reads and decodes nothing it did not change) it reads the
    /// open session, the catalog's issuer and the products of `codes`; `build` makes the draft
    /// from them, `check` applies the offline rules (given the session and the highest time
    /// seen before), then the next number of the type's block goes to `make`, which builds
    /// the document; the document is stored with its outbox entry and the block advanced,
    /// while its journal line is written and flushed on another thread (issue 16: the two
    /// durable writes overlap). This returns only when the commit and the flush are both
    /// done, so the receipt is printed only after both (N1); nothing is stored when anything
    /// before the commit throws. The line written for a transaction that then fails is text
    /// past the committed end, which the next line overwrites and an open zeroes. A flush that
    /// fails after the commit is tried once more; when that fails too the document stays
    /// stored (the store is the truth) and the error says so, and the next line is written
    /// only after this one (``repairLastLine(_:in:)``).
    func issueOffline(codes: [String], now: Date, alongside: TillValueUpdate? = nil,
                      build: @Sendable (SaleCatalog) throws -> DocumentDraft,
                      check: @Sendable (DocumentDraft, OfflineSession, Date?) throws -> Void,
                      make: @Sendable (DocumentDraft, CheckedIssuer, OfflineSession, SignedNumberBlock, Int64) throws -> FiscalDocument)
        throws -> StoredDocument? {
        let inFlight = Mutex<JournalWrite?>(nil)
        let outcome: (stored: StoredDocument?, state: SaleState, before: StoreVersion, after: StoreVersion)
        do {
            outcome = try write { db, before, after in
                var state = try keptSale(at: before) ?? SaleState.load(in: db)
                guard let session = state.session else { return (nil, state, before, after) }
                let latestSeen = state.highestSeen
                if latestSeen.map({ $0 < now }) ?? true {
                    try Self.setValue(now, "highestSeen", in: db)
                    state.highestSeen = now
                }
                guard let issuer = try state.issuer(in: db, header: cachedHeader) else { throw RegisterError.notLoggedIn }
                let draft = try build(SaleCatalog(issuer: issuer.issuer, byCode: try Self.products(codes, in: db)))
                try check(draft, session.value, latestSeen)
                let type = draft.type
                guard var block = try state.block(for: type, in: db) else {
                    throw RegisterError(.noNumbersLeft, "Tipo de documento: \(type.dgiCode).")
                }
                let number = block.next
                let document = try make(draft, issuer, session.value, block.grant, number)
                let json = document.wireJSON
                let line = JournalEntry.line(document: json, grant: block.text, session: session.text)
                let checked = cache.withLock { $0.isChecked(state.journal, data: before.data) }
                let write = try startJournalLine(line, after: state.journal, checked: checked, in: db)
                inFlight.withLock { $0 = write }
                try Self.insert(document, json: json, status: .pending, sessionID: session.value.id, blockID: block.grant.block.id, in: db)
                try db.cachedStatement(sql: "INSERT INTO outbox (document_id) VALUES (?)").execute(arguments: [document.id.uuidString])
                try db.cachedStatement(sql: "UPDATE blocks SET next = ? WHERE id = ?").execute(arguments: [number + 1, block.id])
                let mark = JournalMark(end: write.end, lastStart: write.start, lastDocument: document.id)
                try Self.setJournalMark(mark, in: db)
                try alongside?.apply(db)
                block.next = number + 1
                state.blocks[type.dgiCode] = block
                state.journal = mark
                return (StoredDocument(document: document, status: .pending, sessionID: session.value.id), state, before, after)
            }
        } catch {
            // Not committed: the line, if it was written, is past the committed end.
            try? inFlight.withLock { $0 }?.finish()
            throw error
        }
        guard let stored = outcome.stored else {
            // Nothing written: what was read stays current, the journal as it was.
            keep(outcome.state, at: outcome.after, after: outcome.before, checked: nil)
            return nil
        }
        var flushed = true
        var failure: (any Error)?
        if let write = inFlight.withLock({ $0 }) {
            do {
                try write.finish()
            } catch {
                failure = error
                flushed = (try? rewrite(write)) != nil
            }
        }
        keep(outcome.state, at: outcome.after, after: outcome.before, checked: flushed)
        if !flushed, let failure { throw Self.lineNotOnDisk(stored, failure) }
        return stored
    }

    /// Checks the line before (unless it is known to be on disk: ``StoreCache/CheckedJournal``),
    /// prepares the sale's line at the committed end under the journal's lock, and starts its
    /// write and flush on ``journalQueue``; the returned write holds the lock until finished.
    private func startJournalLine(_ line: Data, after mark: JournalMark?, checked: Bool, in db: Database) throws -> JournalWrite {
        let lock = try journal.lock()
        do {
            let write: JournalWrite
            if let mark {
                if !checked { try repairLastLine(mark, in: db) }
                do {
                    write = try journal.prepareAppend(line: line, at: mark.end, lock: lock)
                } catch let error as RegisterError where error.errorCode == .journalMismatch && checked {
                    // Changed behind this store's back since it wrote it: check it as after a crash.
                    try repairLastLine(mark, in: db)
                    write = try journal.prepareAppend(line: line, at: mark.end, lock: lock)
                }
            } else {
                // A new store beside an old journal appends after its last whole line.
                write = try journal.prepareAppend(line: line, at: try journal.repairedEnd(), lock: lock)
            }
            write.start(on: journalQueue)
            return write
        } catch {
            lock.release()
            throw error
        }
    }

    /// The line of a committed sale written again, after its flush failed, unless it is on
    /// disk already (another writer repaired it first): under the lock, at the same place.
    private func rewrite(_ write: JournalWrite) throws {
        let lock = try journal.lock()
        defer { lock.release() }
        guard try journal.bytes(ofSegment: write.start.segment, from: write.start.offset, count: write.line.count) != write.line else {
            return
        }
        try journal.prepareWrite(line: write.line, at: write.start, lock: nil).finish()
    }

    static func lineNotOnDisk(_ stored: StoredDocument, _ error: any Error) -> RegisterError {
        let document = stored.document
        return RegisterError(.journalUnwritable, detail: (error as? RegisterError)?.detail, """
            El documento \(document.draft.type.dgiCode)-\(document.issuance.number.value) quedó guardado en la caja y se \
            enviará, pero su copia en el diario de respaldo no llegó al disco. Revise el disco del diario: la caja repite \
            la copia antes del próximo documento.
            """)
    }

    /// Keeps a document the server issued online (for receipts and the Z); idempotent.
    /// `alongside` is applied in the same transaction, stored before or not.
    func storeOnline(_ document: FiscalDocument, qrURL: String?, alongside: TillValueUpdate? = nil) throws {
        try write { db in
            try alongside?.apply(db)
            guard try Self.document(id: document.id, in: db) == nil else { return }
            try Self.insert(document, status: .sent, sessionID: nil, blockID: nil, qrURL: qrURL, in: db)
        }
    }

    /// Inserts a document row; `json` is the document already encoded, when the caller has it.
    static func insert(_ document: FiscalDocument, json: Data? = nil, status: StoredDocument.Status, sessionID: UUID?, blockID: UUID?,
                       qrURL: String? = nil, in db: Database) throws {
        let text = String(decoding: json ?? document.wireJSON, as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO documents (id, type, number, point, session_id, block_id, data, total, status, qr_url, issued_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [document.id.uuidString, document.draft.type.dgiCode, document.issuance.number.value,
                             document.issuance.pointOfSale.code, sessionID?.uuidString, blockID?.uuidString, text,
                             document.totals.total.encoded, status.rawValue, qrURL, document.issuance.issuedAt.timeIntervalSince1970])
    }

    public func document(number: Int64, type: DocumentType) throws -> StoredDocument? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE number = ? AND type = ? ORDER BY issued_at DESC LIMIT 1",
                             arguments: [number, type.dgiCode]).map(Self.stored)
        }
    }

    public func documents() throws -> [StoredDocument] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM documents ORDER BY issued_at, type, number").map(Self.stored) }
    }

    static func document(id: UUID, in db: Database) throws -> StoredDocument? {
        try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE id = ?", arguments: [id.uuidString]).map(stored)
    }

    static func stored(_ row: Row) throws -> StoredDocument {
        let text: String = row["data"]
        let statusText: String = row["status"]
        guard let status = StoredDocument.Status(rawValue: statusText) else {
            throw RegisterError(.storeCorrupt, "Tiene un documento con un estado desconocido («\(statusText)»).")
        }
        return StoredDocument(
            document: try WireJSON.decoder.decode(FiscalDocument.self, from: Data(text.utf8)),
            status: status,
            sessionID: (row["session_id"] as String?).flatMap(UUID.init(uuidString:)),
            code: row["code"], message: row["message"], qrURL: row["qr_url"])
    }

    // MARK: - Outbox

    /// The oldest pending documents after `position` (from the first when nil), in issue order
    /// (time order, then number): at most `limit`, and no more than `bytes` of stored JSON
    /// once the first is in (a batch stays below the server's body limit however long its
    /// documents are). Their JSON is read as stored, not decoded: the upload is cut from it.
    func pending(limit: Int, bytes: Int = .max, after position: OutboxPosition? = nil) throws -> [OutboxItem] {
        try read { db in
            var sql = """
                SELECT d.id, d.data, d.total, d.session_id, d.block_id, d.issued_at, d.type, d.number
                FROM outbox o JOIN documents d ON d.id = o.document_id
                """
            var arguments: StatementArguments = []
            if let position {
                sql += " WHERE (d.issued_at, d.type, d.number) > (?, ?, ?)"
                arguments += [position.issuedAt, position.type, position.number]
            }
            sql += " ORDER BY d.issued_at, d.type, d.number LIMIT ?"
            arguments += [limit]
            var items: [OutboxItem] = [], total = 0
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let text: String = row["data"]
                total += text.utf8.count
                if !items.isEmpty, total > bytes { break }
                let type: String = row["type"], number: Int64 = row["number"]
                guard let id = (row["id"] as String?).flatMap(UUID.init(uuidString:)),
                      let sessionID = (row["session_id"] as String?).flatMap(UUID.init(uuidString:)),
                      let blockID = (row["block_id"] as String?).flatMap(UUID.init(uuidString:)) else {
                    throw RegisterError(.storeCorrupt, """
                        Tiene el documento pendiente \(type)-\(number) \
                        sin su sesión offline o su bloque de números; no se puede enviar. Recupérelo del diario: caja recover
                        """)
                }
                items.append(OutboxItem(id: id, json: Data(text.utf8), total: row["total"], sessionID: sessionID, blockID: blockID,
                                        position: OutboxPosition(issuedAt: row["issued_at"], type: type, number: number)))
            }
            return items
        }
    }

    func sessionsAndGrants(for items: [OutboxItem]) throws -> ([OfflineSession], [SignedNumberBlock]) {
        try read { db in
            let sessions = try Set(items.map(\.sessionID)).map { id in
                guard let session = try Self.session(id.uuidString, in: db) else { throw Self.missing("la sesión offline", id) }
                return session
            }
            let grants = try Set(items.map(\.blockID)).map { id in
                guard let grant = try Self.grant(id.uuidString, in: db) else { throw Self.missing("el bloque de números", id) }
                return grant
            }
            return (sessions, grants)
        }
    }

    static func missing(_ what: String, _ id: UUID) -> RegisterError {
        RegisterError(.storeCorrupt, "No tiene \(what) \(id.uuidString) de un documento pendiente. Recupérelo del diario: caja recover")
    }

    /// Applies the server's answers: a document leaves the outbox only on an answer (N3);
    /// conflicts and rejections stay in the store with the server's code, never deleted.
    func apply(_ results: [SyncResult], at now: Date) throws {
        try write { db in
            for result in results {
                let status: StoredDocument.Status = switch result.status {
                case .accepted, .duplicate: .sent
                case .conflict: .conflict
                case .rejected: .rejected
                }
                try db.execute(sql: "UPDATE documents SET status = ?, code = ?, message = ?, sent_at = ? WHERE id = ?",
                               arguments: [status.rawValue, result.code, result.message, now.timeIntervalSince1970,
                                           result.id.uuidString])
                try db.execute(sql: "DELETE FROM outbox WHERE document_id = ?", arguments: [result.id.uuidString])
            }
        }
    }

    func noteFailedAttempt(_ ids: [UUID], error: String) throws {
        try write { db in
            for id in ids {
                try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE document_id = ?",
                               arguments: [error, id.uuidString])
            }
        }
    }
}
