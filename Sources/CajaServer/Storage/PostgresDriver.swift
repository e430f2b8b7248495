import Foundation
import Logging
import PostgresKit

/// PostgreSQL through a ``PostgresClient`` connection pool. The client is a service: the
/// application runs it (see ``service``). Several server processes may share the database;
/// the statements take their own row locks, so numbering stays atomic across processes.
public struct PostgresDriver: DatabaseDriver {
    public let dialect = DatabaseDialect.postgres
    public let client: PostgresClient
    let logger: Logger

    /// `postgres://user:password@host:port/database`
    public init(url: String, poolSize: Int = 20, logger: Logger) throws {
        guard let components = URLComponents(string: url),
              components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, let user = components.user else {
            throw ServerError.configuration("database URL must look like postgres://user:password@host:port/database")
        }
        let name = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: name.isEmpty ? nil : name, tls: .disable)
        configuration.options.maximumConnections = poolSize
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // In a task of its own, as SQLiteDriver does: a caller cancelled mid-transaction must not
        // cut the transaction short between its statements.
        let (client, logger) = (self.client, self.logger)
        do {
            return try await Task {
                try await client.withTransaction(logger: logger) { connection in try await body(connection.sql()) }
            }.value
        } catch let error as PostgresTransactionError {
            // Hand the caller the error its body threw (or the commit's), not the wrapper.
            throw error.closureError ?? error.commitError ?? error
        }
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        if let wrapped = error as? PostgresTransactionError {
            guard let inner = wrapped.closureError ?? wrapped.commitError else { return false }
            return isUniqueViolation(inner)
        }
        guard let error = error as? PSQLError else { return false }
        return error.code == .server && error.serverInfo?[.sqlState] == "23505"
    }

    public func shutdown() async {}
}
