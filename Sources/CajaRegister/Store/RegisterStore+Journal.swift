import CajaCore
import Foundation
import GRDB

/// The store's side of the journal (N1): where its committed text ends, the snapshot of what
/// offline selling needs, removing answered segments, and recovery.
extension RegisterStore {
    // MARK: - Committed position

    static let journalMarkKey = "journalPosition"

    /// What the store recorded about the journal (see ``JournalMark``); a store written before
    /// segments recorded a byte count in the single legacy file (segment 0). Nil for a new
    /// store (perhaps beside the journal of a lost one).
    static func journalMark(in db: Database) throws -> JournalMark? {
        if let mark = try value(JournalMark.self, journalMarkKey, in: db) { return mark }
        return try value(Int64.self, "journalBytes", in: db).map { JournalMark(end: JournalPosition(segment: 0, offset: $0)) }
    }

    static func journalPosition(in db: Database) throws -> JournalPosition? { try journalMark(in: db)?.end }

    static func setJournalMark(_ mark: JournalMark, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """).execute(arguments: [journalMarkKey, mark.json])
    }

    /// Writes `line` to the journal at the committed end and records the new end, inside the
    /// caller's transaction and under the journal's lock: the line is on disk before the
    /// transaction commits, and is committed with it. The line before it is checked first
    /// (a sale's line may lag its commit: ``repairLastLine(_:in:)``).
    func appendToJournal(_ line: Data, in db: Database) throws {
        let lock = try journal.lock()
        defer { lock.release() }
        let mark = try Self.journalMark(in: db)
        if let mark { try repairLastLine(mark, in: db) }
        // A new store beside an old journal appends after its last whole line.
        let end = try journal.append(line: line, at: try mark?.end ?? journal.repairedEnd())
        try Self.setJournalMark(JournalMark(end: end), in: db)
        let data = try Self.dataVersion(in: db)
        cache.withLock { $0.checkedJournal = StoreCache.CheckedJournal(data: data, mark: JournalMark(end: end)) }
    }

    /// Brings the journal in line with the store when it opens (the store's committed state is
    /// the truth, the journal its copy): a sale's line that did not reach the disk before a
    /// crash, though its commit did, is written again from the store (the journal lagging);
    /// text past the committed end, a sale that died before its commit and was never
    /// confirmed to the cashier, is zeroed and its number issued again (the journal ahead).
    /// A store without a mark is new (perhaps next to the journal of a lost store): its
    /// journal is kept whole for `caja recover`. A journal that is not this store's copy at
    /// all (another directory, text missing before the last line) is left as it is: opening
    /// still works (`caja status` shows it), and the next line written reports it
    /// (`JOURNAL_MISMATCH`) before anything is stored. Leaves what a sale reads kept.
    func reconcileJournal() throws {
        let (state, checked, before, after) = try write { db, before, after -> (SaleState?, Bool, StoreVersion, StoreVersion) in
            guard let mark = try Self.journalMark(in: db) else { return (nil, false, before, after) }
            let lock = try journal.lock()
            defer { lock.release() }
            var checked = true
            do {
                try repairLastLine(mark, in: db)
            } catch let error as RegisterError where [.journalMismatch, .storeCorrupt].contains(error.errorCode) {
                checked = false
            }
            if try journal.hasText(after: mark.end) { try journal.truncate(to: mark.end) }
            if try Self.value(Int64.self, "journalBytes", in: db) != nil {
                try Self.setJournalMark(mark, in: db)
                try db.execute(sql: "DELETE FROM state WHERE key = 'journalBytes'")
            }
            return (try SaleState.load(in: db), checked, before, after)
        }
        if let state { keep(state, at: after, after: before, checked: checked) }
    }

    /// Makes sure the journal's last line is on disk as the store committed it, writing it
    /// again from the store's rows (the document, its block's grant, its session: the same
    /// bytes the sale wrote) when it is not: missing (zeros where it goes, its flush never
    /// happened) or another line (an older, unconfirmed one of the same length). Only the last
    /// line can lag: every line is written after this check of the one before. The caller holds
    /// the journal's lock. Answers whether it wrote.
    @discardableResult
    func repairLastLine(_ mark: JournalMark, in db: Database) throws -> Bool {
        guard let start = mark.lastStart, let id = mark.lastDocument else { return false }
        let line = try Self.journalLine(of: id, in: db)
        guard start.segment == mark.segment, start.offset + Int64(line.count) == mark.offset else {
            throw RegisterError(.journalMismatch, """
                La caja registra la línea del documento \(id.uuidString) en el diario en \(start.segment):\(start.offset)-\(mark.offset), \
                y esa línea mide \(line.count) bytes. No se escribió nada; avise a soporte técnico.
                """)
        }
        if try journal.bytes(ofSegment: start.segment, from: start.offset, count: line.count) == line { return false }
        try journal.prepareWrite(line: line, at: start, lock: nil).finish()
        return true
    }

    /// The journal line of an offline document, rebuilt from the store: the document's JSON,
    /// its block's grant and its session, as stored, which is what the sale put in the line.
    static func journalLine(of id: UUID, in db: Database) throws -> Data {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT d.data AS document, b.grant AS grant, s.data AS session FROM documents d
            JOIN blocks b ON b.id = d.block_id JOIN offline_sessions s ON s.id = d.session_id WHERE d.id = ?
            """, arguments: [id.uuidString]) else {
            throw RegisterError(.storeCorrupt, """
                No tiene el documento \(id.uuidString), con su bloque y su sesión, que la última línea del diario copia. \
                Avise a soporte técnico.
                """)
        }
        let document: String = row["document"]
        return JournalEntry.line(document: Data(document.utf8), grant: row["grant"], session: row["session"])
    }

    /// Empties the store and the journal (`caja reset`, after its checks).
    func erase() throws {
        try write { db in
            try db.execute(sql: "DELETE FROM outbox; DELETE FROM documents; DELETE FROM offline_sessions; DELETE FROM blocks; DELETE FROM state")
            try db.execute(sql: "DELETE FROM catalog_products")
            let lock = try journal.lock()
            defer { lock.release() }
            try journal.erase()
        }
    }

    // MARK: - Snapshot

    /// Rewrites the journal's snapshot from the store, inside the caller's transaction. A new
    /// store beside a lost register's journal (no committed position yet) leaves the snapshot
    /// alone until `caja recover` has read it: a login before the recovery must not overwrite
    /// the open session and blocks it records.
    func writeSnapshot(in db: Database) throws {
        if try Self.journalMark(in: db) == nil, try journal.hasText() { return }
        let blocks = try Row.fetchAll(db, sql: "SELECT grant, next FROM blocks ORDER BY type, first").map { row in
            let text: String = row["grant"]
            return JournalSnapshot.Block(grant: try WireJSON.decoder.decode(SignedNumberBlock.self, from: Data(text.utf8)),
                                         next: row["next"])
        }
        let identity = try Self.value(RegisterLogin.self, "login", in: db).map { RegisterIdentity($0) }
            ?? Self.value(RegisterIdentity.self, "identity", in: db)
        try journal.writeSnapshot(JournalSnapshot(
            identity: identity, catalog: try Self.storedCatalog(in: db), blocks: blocks,
            openSession: try Self.activeSession(in: db), highestSeen: try Self.value(Date.self, "highestSeen", in: db)))
    }

    // MARK: - Pruning

    /// Removes the journal's oldest segments whose every document the server has answered for
    /// (sent, conflict or rejected: none left in the outbox), oldest first, never the segment
    /// being written. The snapshot is rewritten first, so the numbers those segments used stay
    /// recorded. Returns how many segments went.
    @discardableResult
    func pruneJournal() throws -> Int {
        try write { db in
            let segments = try journal.segments()
            guard let current = try Self.journalPosition(in: db)?.segment ?? segments.last else { return 0 }
            var removable: [Int] = []
            for index in segments where index < current {
                guard try Self.areAnswered(try journal.documentIDs(ofSegment: index), in: db) else { break }
                removable.append(index)
            }
            guard !removable.isEmpty else { return 0 }
            try writeSnapshot(in: db)
            let lock = try journal.lock()
            defer { lock.release() }
            for index in removable { try journal.removeSegment(index) }
            return removable.count
        }
    }

    /// Whether the store holds every one of the documents and the server has answered for
    /// each (not pending, not in the outbox): one query per 500.
    static func areAnswered(_ ids: [UUID], in db: Database) throws -> Bool {
        let ids = Array(Set(ids.map(\.uuidString)))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            let answered = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM documents d
                WHERE d.id IN (\(databaseQuestionMarks(count: chunk.count))) AND d.status != ?
                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.document_id = d.id)
                """, arguments: StatementArguments(chunk + [StoredDocument.Status.pending.rawValue])) ?? 0
            guard answered == chunk.count else { return false }
        }
        return true
    }

    // MARK: - Recovery

    /// Rebuilds the store from the journal after the store file was lost or damaged: every
    /// offline document it does not have (pending, with its session and block), the catalog,
    /// the issuer and the register's identity, its blocks with their numbers used up to the
    /// highest the journal or the snapshot shows (N2: a number is never issued twice), and the
    /// offline session that was open — only that one; every other session comes back ended.
    /// Never a credential: the cashier logs in again to send. Returns how many documents came back.
    func recoverFromJournal() throws -> Int {
        let records = try journal.records().map { $0.record }
        let snapshot = try journal.snapshot()
        return try write { db in
            var ended: [UUID: Date] = [:]
            var entries: [JournalEntry] = []
            for record in records {
                switch record {
                case .document(let entry): entries.append(entry)
                case .sessionEnded(let id, let date): ended[id] = date
                }
            }
            let open = Self.openSession(snapshot: snapshot, entries: entries, ended: ended)
            if let snapshot {
                if let identity = snapshot.identity, try Self.value(RegisterIdentity.self, "identity", in: db) == nil {
                    try Self.setValue(identity, "identity", in: db)
                }
                if let catalog = snapshot.catalog, try !Self.hasCatalog(in: db) {
                    try Self.setCatalog(catalog, in: db)
                }
                for block in snapshot.blocks { try Self.restore(block.grant, next: block.next, in: db) }
                if let seen = snapshot.highestSeen { _ = try Self.noteTime(seen, in: db) }
            }
            var recovered = 0
            var sessions: [UUID: OfflineSession] = [:]
            for entry in entries { sessions[entry.session.id] = entry.session }
            if let open { sessions[open.id] = open }
            for session in sessions.values {
                try Self.insertSession(session, in: db)
                if session.id != open?.id {
                    // Ended: at its recorded end, else (a journal from before end records) at its last document.
                    let last = entries.filter { $0.session.id == session.id }.map(\.document.issuance.issuedAt).max()
                    let end = ended[session.id] ?? last ?? session.activatedAt
                    try db.execute(sql: "UPDATE offline_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                                   arguments: [end.timeIntervalSince1970, session.id.uuidString])
                }
            }
            for entry in entries {
                let number = entry.document.issuance.number.value
                try Self.restore(entry.grant, next: number + 1, in: db)
                _ = try Self.noteTime(entry.document.issuance.issuedAt, in: db)
                guard try Self.document(id: entry.document.id, in: db) == nil else { continue }
                try Self.insert(entry.document, status: .pending, sessionID: entry.session.id, blockID: entry.grant.block.id, in: db)
                try db.execute(sql: "INSERT INTO outbox (document_id) VALUES (?)", arguments: [entry.document.id.uuidString])
                recovered += 1
            }
            // After the last whole line: a line torn by the same failure that damaged the store
            // is not a document (records() skipped it) and must not block the next append.
            let lock = try journal.lock()
            defer { lock.release() }
            try Self.setJournalMark(JournalMark(end: try journal.repairedEnd()), in: db)
            try writeSnapshot(in: db)
            return recovered
        }
    }

    /// The session a recovered register may hold open: the snapshot's, unless the journal
    /// records its end. A journal from before snapshots: the latest session with documents
    /// and no end record.
    static func openSession(snapshot: JournalSnapshot?, entries: [JournalEntry], ended: [UUID: Date]) -> OfflineSession? {
        if let snapshot {
            guard let open = snapshot.openSession, ended[open.id] == nil else { return nil }
            return open
        }
        return entries.map(\.session).filter { ended[$0.id] == nil }.max { $0.activatedAt < $1.activatedAt }
    }

    /// Inserts a block the store does not have, and moves its next number up to `next`
    /// (never down).
    static func restore(_ grant: SignedNumberBlock, next: Int64, in db: Database) throws {
        var bare = grant
        bare.sizing = nil
        let text = String(decoding: try WireJSON.encoder.encode(bare), as: UTF8.self)
        let block = grant.block
        try db.execute(sql: """
            INSERT INTO blocks (id, type, first, last, next, grant) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """, arguments: [block.id.uuidString, block.type.dgiCode, block.first, block.last, block.first, text])
        try db.execute(sql: "UPDATE blocks SET next = MIN(last + 1, MAX(next, ?)) WHERE id = ?",
                       arguments: [next, block.id.uuidString])
    }
}
