import Foundation
import Logging
import SQLiteKit

/// The embedded database: one SQLite file in WAL mode with synchronous=FULL, used through
/// a single connection. Every use holds ``AsyncLock`` so a transaction's statements never
/// interleave with another task's; SQLite serializes writers anyway, and one process owns
/// the file.
public final class SQLiteDriver: DatabaseDriver {
    public let dialect = DatabaseDialect.sqlite
    private let connection: SQLiteConnection
    private let database: any SQLDatabase
    private let lock = AsyncLock()
    private let logger: Logger

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
        self.database = connection.sql()
    }

    /// Opens (creating when missing) the file and sets the durability pragmas.
    public static func open(path: String, logger: Logger) async throws -> SQLiteDriver {
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let driver = SQLiteDriver(connection: connection, logger: logger)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
            try await driver.database.raw("\(unsafeRaw: pragma)").run()
        }
        return driver
    }

    /// Every use of the connection runs in a task of its own, which the caller's cancellation
    /// does not reach. SQLiteNIO runs statements on NIOThreadPool, whose async API throws
    /// `CancellationError` in a cancelled task: a transaction whose caller was cancelled after
    /// its BEGIN then failed its ROLLBACK too, and the single connection stayed inside that
    /// transaction for good ("cannot start a transaction within a transaction" on every later
    /// use, and "database is locked" for other processes). Seen when the DGI worker was
    /// stopped mid-claim under load.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let (database, lock) = (self.database, self.lock)
        return try await Task { try await lock.withLock { try await body(database) } }.value
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let (database, lock) = (self.database, self.lock)
        return try await Task {
            try await lock.withLock {
                try await database.raw("BEGIN IMMEDIATE").run()
                do {
                    let value = try await body(database)
                    try await database.raw("COMMIT").run()
                    return value
                } catch {
                    try? await database.raw("ROLLBACK").run()
                    throw error
                }
            }
        }.value
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
    }

    /// Closes the connection once every transaction has finished with it. Every way out of
    /// the server calls this: SQLiteNIO traps when a connection is deinitialized unclosed.
    public func shutdown() async {
        do { try await lock.withLock { try await self.connection.close() } } catch {
            logger.error("closing the SQLite database failed", metadata: ["error": "\(error)"])
        }
    }
}

// The connection is only touched while `lock` is held or at shutdown; SQLiteConnection
// itself is thread-safe (FULLMUTEX). The stored properties are immutable.
extension SQLiteDriver: @unchecked Sendable {}
