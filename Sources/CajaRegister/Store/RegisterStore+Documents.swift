import CajaCore
import Foundation
import GRDB

/// A pending document with what its upload needs.
struct OutboxItem: Sendable {
    var document: FiscalDocument
    var sessionID: UUID
    var blockID: UUID
}

/// Numbers left in the register's blocks for one document type.
public struct BlockBalance: Codable, Sendable, Equatable {
    public var type: String
    public var remaining: Int64
    public var blocks: Int
}

extension RegisterStore {
    // MARK: - Login and catalog

    public func login() throws -> RegisterLogin? { try read { try Self.value(RegisterLogin.self, "login", in: $0) } }

    public func catalog() throws -> CatalogResponse? { try read { try Self.value(CatalogResponse.self, "catalog", in: $0) } }

    func saveLogin(_ login: RegisterLogin?, catalog: CatalogResponse?) throws {
        try write { db in
            try Self.setValue(login, "login", in: db)
            if let catalog { try Self.setValue(catalog, "catalog", in: db) }
        }
    }

    /// Records `now` as seen and returns the highest time seen before it.
    @discardableResult
    func noteTime(_ now: Date) throws -> Date? { try write { try Self.noteTime(now, in: $0) } }

    func highestSeen() throws -> Date? { try read { try Self.value(Date.self, "highestSeen", in: $0) } }

    // MARK: - Counts

    public func pendingCount() throws -> Int { try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox") ?? 0 } }

    public func count(status: StoredDocument.Status) throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM documents WHERE status = ?", arguments: [status.rawValue]) ?? 0 }
    }

    // MARK: - Blocks

    func addBlocks(_ grants: [SignedNumberBlock]) throws {
        try write { db in
            for grant in grants {
                let text = String(decoding: try JSONCoding.encoder.encode(grant), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO blocks (id, type, first, last, next, grant) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """, arguments: [grant.block.id.uuidString, grant.block.type.dgiCode, grant.block.first,
                                     grant.block.last, grant.block.first, text])
            }
        }
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
        return try JSONCoding.decoder.decode(SignedNumberBlock.self, from: Data(text.utf8))
    }

    // MARK: - Offline sessions

    /// The offline session that has not ended, if any.
    public func activeSession() throws -> OfflineSession? {
        try read { try Self.activeSession(in: $0) }
    }

    static func activeSession(in db: Database) throws -> OfflineSession? {
        guard let text = try activeSessionText(in: db) else { return nil }
        return try JSONCoding.decoder.decode(OfflineSession.self, from: Data(text.utf8))
    }

    /// The active session's JSON as stored.
    static func activeSessionText(in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT data FROM offline_sessions WHERE ended_at IS NULL ORDER BY activated_at DESC LIMIT 1")
    }

    static func session(_ id: String, in db: Database) throws -> OfflineSession? {
        guard let text = try String.fetchOne(db, sql: "SELECT data FROM offline_sessions WHERE id = ?", arguments: [id]) else { return nil }
        return try JSONCoding.decoder.decode(OfflineSession.self, from: Data(text.utf8))
    }

    static func insertSession(_ session: OfflineSession, in db: Database) throws {
        let text = String(decoding: try JSONCoding.encoder.encode(session), as: UTF8.self)
        try db.execute(sql: "INSERT INTO offline_sessions (id, data, activated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                       arguments: [session.id.uuidString, text, session.activatedAt.timeIntervalSince1970])
    }

    func endSession(_ id: UUID, at now: Date) throws {
        try write { db in
            try db.execute(sql: "UPDATE offline_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                           arguments: [now.timeIntervalSince1970, id.uuidString])
        }
    }

    // MARK: - Documents

    /// Issues one offline document in one transaction: `check` applies the offline rules
    /// (given the session and the highest time seen before), then the next number of the
    /// type's block goes to `make`, which builds the document; the document is written to the journal and flushed,
    /// then stores it with its outbox entry and advances the block. Nothing is stored when
    /// anything throws, and the receipt is printed only after this returns (N1).
    func issueOffline(type: DocumentType, now: Date,
                      check: @Sendable (OfflineSession, Date?) throws -> Void,
                      make: @Sendable (OfflineSession, SignedNumberBlock, Int64) throws -> FiscalDocument) throws -> StoredDocument {
        try write { db in
            let latestSeen = try Self.noteTime(now, in: db)
            guard let sessionText = try Self.activeSessionText(in: db) else {
                throw RegisterError.refused("NOT_OFFLINE", "El modo offline no está activo.")
            }
            let session = try JSONCoding.decoder.decode(OfflineSession.self, from: Data(sessionText.utf8))
            try check(session, latestSeen)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT next, grant FROM blocks WHERE type = ? AND next <= last ORDER BY first LIMIT 1
                """, arguments: [type.dgiCode]) else {
                throw RegisterError.refused("NO_NUMBERS_LEFT",
                    "No quedan números reservados para emitir \(type.dgiCode) sin conexión. Conéctese para recibir un nuevo bloque.")
            }
            let grantText: String = row["grant"]
            let grant = try JSONCoding.decoder.decode(SignedNumberBlock.self, from: Data(grantText.utf8))
            let number: Int64 = row["next"]
            let document = try make(session, grant, number)
            let json = try JSONCoding.encoder.encode(document)
            // The journal's text ends where the store says (a new store beside an old journal: its end).
            let committed = try Self.value(Int64.self, "journalBytes", in: db) ?? journal.size
            let bytes = try journal.append(line: JournalEntry.line(document: json, grant: grantText, session: sessionText), at: committed)
            try Self.insert(document, json: json, status: .pending, sessionID: session.id, blockID: grant.block.id, in: db)
            try db.execute(sql: "INSERT INTO outbox (document_id) VALUES (?)", arguments: [document.id.uuidString])
            try db.execute(sql: "UPDATE blocks SET next = ? WHERE id = ?", arguments: [number + 1, grant.block.id.uuidString])
            try Self.setValue(bytes, "journalBytes", in: db)
            return StoredDocument(document: document, status: .pending, sessionID: session.id)
        }
    }

    /// Keeps a document the server issued online (for receipts and the Z); idempotent.
    func storeOnline(_ document: FiscalDocument, qrURL: String?) throws {
        try write { db in
            guard try Self.document(id: document.id, in: db) == nil else { return }
            try Self.insert(document, status: .sent, sessionID: nil, blockID: nil, qrURL: qrURL, in: db)
        }
    }

    /// Inserts a document row; `json` is the document already encoded, when the caller has it.
    static func insert(_ document: FiscalDocument, json: Data? = nil, status: StoredDocument.Status, sessionID: UUID?, blockID: UUID?,
                       qrURL: String? = nil, in db: Database) throws {
        let text = String(decoding: try json ?? JSONCoding.encoder.encode(document), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO documents (id, type, number, point, session_id, block_id, data, status, qr_url, issued_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [document.id.uuidString, document.draft.type.dgiCode, document.issuance.number.value,
                             document.issuance.pointOfSale.code, sessionID?.uuidString, blockID?.uuidString, text,
                             status.rawValue, qrURL, document.issuance.issuedAt.timeIntervalSince1970])
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
        return StoredDocument(
            document: try JSONCoding.decoder.decode(FiscalDocument.self, from: Data(text.utf8)),
            status: StoredDocument.Status(rawValue: row["status"]) ?? .pending,
            sessionID: (row["session_id"] as String?).flatMap(UUID.init(uuidString:)),
            code: row["code"], message: row["message"], qrURL: row["qr_url"])
    }

    // MARK: - Outbox

    /// The oldest pending documents, in issue order (time order, then number), at most `limit`.
    func pending(limit: Int) throws -> [OutboxItem] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.data, d.session_id, d.block_id FROM outbox o JOIN documents d ON d.id = o.document_id
                ORDER BY d.issued_at, d.type, d.number LIMIT ?
                """, arguments: [limit]).map { row in
                let text: String = row["data"]
                return OutboxItem(document: try JSONCoding.decoder.decode(FiscalDocument.self, from: Data(text.utf8)),
                                  sessionID: UUID(uuidString: row["session_id"] ?? "") ?? UUID(),
                                  blockID: UUID(uuidString: row["block_id"] ?? "") ?? UUID())
            }
        }
    }

    func sessionsAndGrants(for items: [OutboxItem]) throws -> ([OfflineSession], [SignedNumberBlock]) {
        try read { db in
            let sessions = try Set(items.map(\.sessionID)).compactMap { try Self.session($0.uuidString, in: db) }
            let grants = try Set(items.map(\.blockID)).compactMap { try Self.grant($0.uuidString, in: db) }
            return (sessions, grants)
        }
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

    // MARK: - Recovery

    /// Rebuilds, from the journal, every offline document the store does not have (after the
    /// store file was lost or damaged), with its session and block; blocks advance past the
    /// numbers the journal shows as used. Returns how many documents came back.
    func recoverFromJournal() throws -> Int {
        let entries = try journal.entries()
        return try write { db in
            var recovered = 0
            for entry in entries {
                try Self.insertSession(entry.session, in: db)
                let grantText = String(decoding: try JSONCoding.encoder.encode(entry.grant), as: UTF8.self)
                let block = entry.grant.block
                try db.execute(sql: """
                    INSERT INTO blocks (id, type, first, last, next, grant) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """, arguments: [block.id.uuidString, block.type.dgiCode, block.first, block.last, block.first, grantText])
                let number = entry.document.issuance.number.value
                try db.execute(sql: "UPDATE blocks SET next = MAX(next, ?) WHERE id = ?", arguments: [number + 1, block.id.uuidString])
                guard try Self.document(id: entry.document.id, in: db) == nil else { continue }
                try Self.insert(entry.document, status: .pending, sessionID: entry.session.id, blockID: block.id, in: db)
                try db.execute(sql: "INSERT INTO outbox (document_id) VALUES (?)", arguments: [entry.document.id.uuidString])
                recovered += 1
            }
            try Self.setValue(journal.size, "journalBytes", in: db)
            return recovered
        }
    }
}
