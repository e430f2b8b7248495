import Foundation
import Logging
import SQLKit

/// Applies ``Schema/migrations`` that the database has not seen, each in its own
/// transaction. Safe when several server processes start at once on one PostgreSQL: the
/// version row's primary key lets only one of them record a migration, the others roll back.
enum Migrator {
    static func migrate(_ database: any DatabaseDriver, logger: Logger) async throws {
        try await database.transaction { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)").run()
        }
        for migration in Schema.migrations {
            do {
                try await database.transaction { db in
                    let applied = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                    guard applied == nil else { return }
                    try await db.raw("INSERT INTO schema_migrations (version, applied_at) VALUES (\(bind: migration.version), \(bind: Int64(Date().timeIntervalSince1970 * 1000)))").run()
                    for statement in migration.statements {
                        try await db.raw("\(unsafeRaw: statement)").run()
                    }
                    logger.info("applied migration", metadata: ["version": "\(migration.version)"])
                }
            } catch where database.isUniqueViolation(error) {
                // Another process applied it first.
                continue
            }
        }
    }
}
