import SQLKit

/// The server's database: SQLite (embedded, one file) or PostgreSQL, behind one interface
/// so every query is written once in SQLKit.
///
/// SQLKit has no transaction API, so each driver provides ``transaction(_:)``: the body runs
/// on one connection between BEGIN and COMMIT, and is rolled back when it throws.
public protocol DatabaseDriver: Sendable {
    var dialect: DatabaseDialect { get }
    /// Runs `body` on a connection, outside a transaction (single reads).
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED
    /// with row locks taken by the statements themselves).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Whether `error` is a unique-constraint violation.
    func isUniqueViolation(_ error: any Error) -> Bool
    func shutdown() async
}
