import CajaCore
import Dispatch
import Foundation
import GRDB
import Synchronization

/// The register's state in one SQLite file (GRDB): login, catalog, number blocks, offline
/// sessions, documents and their outbox. Every write is one method here and one transaction
/// (STYLE: one type owns the writer). Durability (N1): WAL with `synchronous=FULL`, so a
/// commit is on disk when `write` returns; the PITFALLS trap (a pool resetting it to NORMAL)
/// is avoided by using a `DatabaseQueue` and setting both pragmas in `prepareDatabase`.
public final class RegisterStore: Sendable {
    let queue: DatabaseQueue
    let journal: Journal
    /// The login and what a sale reads, decoded, each at the version it was read at (issue 16).
    let cache = Mutex(StoreCache())
    /// Where a sale's journal line is written and flushed while the store commits: a serial
    /// queue of its own (dispatch gives it a thread even when the cooperative pool is busy).
    let journalQueue = DispatchQueue(label: "caja.register.journal")

    public init(home: URL, journalDirectory: URL, journalSegmentLimit: Int64 = 8 << 20) throws {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        queue = try DatabaseQueue(path: home.appendingPathComponent("caja.sqlite").path, configuration: configuration)
        journal = try Journal(directory: journalDirectory, segmentLimit: journalSegmentLimit)
        try Self.migrator.migrate(queue)
        try reconcileJournal()
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1") { db in
            try db.execute(sql: """
                CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE blocks (
                    id TEXT PRIMARY KEY, type TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
                    next INTEGER NOT NULL, grant TEXT NOT NULL, CHECK (next BETWEEN first AND last + 1));
                CREATE TABLE offline_sessions (
                    id TEXT PRIMARY KEY, data TEXT NOT NULL, activated_at REAL NOT NULL, ended_at REAL);
                CREATE TABLE documents (
                    id TEXT PRIMARY KEY, type TEXT NOT NULL, number INTEGER NOT NULL, point TEXT NOT NULL,
                    session_id TEXT REFERENCES offline_sessions(id), block_id TEXT, data TEXT NOT NULL,
                    status TEXT NOT NULL, code TEXT, message TEXT, qr_url TEXT,
                    issued_at REAL NOT NULL, sent_at REAL,
                    UNIQUE (point, type, number));
                CREATE TABLE outbox (
                    document_id TEXT PRIMARY KEY REFERENCES documents(id), attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT);
                """)
        }
        // The catalog's products one row each (issue 14, Scale): a delta writes its rows only.
        migrator.registerMigration("catalog-products-table") { db in try migrateCatalogToTable(db) }
        // A document's total beside its JSON, so a sync cuts its upload from the stored bytes
        // without decoding them (issue 16, item 2). Rows stored before stay NULL: a pending one
        // among them is decoded at its sync, as every document was before.
        migrator.registerMigration("documents-total") { db in
            try db.execute(sql: "ALTER TABLE documents ADD COLUMN total TEXT")
        }
        return migrator
    }

    // MARK: - State

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T { try queue.read(body) }

    /// One write transaction (BEGIN IMMEDIATE): register commands serialize here, across
    /// processes too. Each one changes the store's ``StoreVersion``, so nothing decoded before
    /// it is used after it (see ``write(keepingCache:_:)`` for a write that says what it changes).
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try queue.write { db in
            cache.withLock { $0.writes += 1 }
            return try body(db)
        }
    }

    /// A write transaction that knows the version the store had before it, to use what was
    /// decoded then, and the version it leaves, to keep what it wrote (``keep(_:at:after:)``).
    func write<T: Sendable>(_ body: @Sendable (Database, _ before: StoreVersion, _ after: StoreVersion) throws -> T) throws -> T {
        try queue.write { db in
            let data = try Self.dataVersion(in: db)
            let writes = cache.withLock { cache in
                cache.writes += 1
                return cache.writes
            }
            return try body(db, StoreVersion(data: data, writes: writes - 1), StoreVersion(data: data, writes: writes))
        }
    }

    /// A write transaction that changes nothing the store keeps decoded but what `update`
    /// brings up to date, once it has committed: the till's own values, the time seen. What was
    /// kept stays kept (the till's status poll and cart do not make the next sale decode again).
    func write<T: Sendable>(keepingCache update: @escaping @Sendable (inout SaleState) -> Void,
                            _ body: @Sendable (Database) throws -> T) throws -> T {
        let (value, before, after) = try write { db, before, after in (try body(db), before, after) }
        cache.withLock { $0.carry(from: before, to: after, update) }
        return value
    }

    /// The version the store is at, inside a read or write.
    func version(in db: Database) throws -> StoreVersion {
        StoreVersion(data: try Self.dataVersion(in: db), writes: cache.withLock { $0.writes })
    }

    /// SQLite's count of commits by other connections, as this one sees it now.
    static func dataVersion(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
    }

    /// Keeps `state` as what a sale reads at `version` (the version its transaction left),
    /// unless another transaction began since, with the login decoded before it (a sale does
    /// not change it); `checked`: its journal mark is known to be on disk (nil: the journal
    /// was not touched, what was known of it stays known).
    func keep(_ state: SaleState, at version: StoreVersion, after before: StoreVersion, checked: Bool?) {
        cache.withLock { cache in
            if checked == true, let mark = state.journal {
                cache.checkedJournal = StoreCache.CheckedJournal(data: version.data, mark: mark)
            } else if checked == false {
                cache.checkedJournal = nil
            }
            guard cache.writes == version.writes else { return }
            cache.carry(from: before, to: version)
            cache.sale = StoreCache.Entry(version: version, value: state)
        }
    }

    /// What a sale reads, when it was kept at `version`.
    func keptSale(at version: StoreVersion) -> SaleState? {
        cache.withLock { cache in cache.sale.flatMap { $0.version == version ? $0.value : nil } }
    }

    static func value<T: Decodable>(_ type: T.Type, _ key: String, in db: Database) throws -> T? {
        guard let text = try storedText(key, in: db) else { return nil }
        return try WireJSON.decoder.decode(T.self, from: Data(text.utf8))
    }

    /// A state value's stored JSON, undecoded.
    static func storedText(_ key: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key])
    }

    static func setValue<T: Encodable>(_ value: T?, _ key: String, in db: Database) throws {
        guard let value else {
            try db.execute(sql: "DELETE FROM state WHERE key = ?", arguments: [key])
            return
        }
        let text = String(decoding: try WireJSON.encoder.encode(value), as: UTF8.self)
        try db.execute(sql: "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [key, text])
    }

    /// The highest time this register has seen, kept across runs: a clock earlier than it
    /// has been moved back (O8 must not be stretched).
    static func noteTime(_ now: Date, in db: Database) throws -> Date? {
        let seen = try value(Date.self, "highestSeen", in: db)
        if let seen, seen >= now { return seen }
        try setValue(now, "highestSeen", in: db)
        return seen
    }

    /// The SQLite `synchronous` level in force (2 = FULL); the durability test reads it back.
    public func synchronousLevel() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func journalMode() throws -> String {
        try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
