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

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = self.database
        return try await lock.withLock { try await body(database) }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = self.database
        return try await lock.withLock {
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
