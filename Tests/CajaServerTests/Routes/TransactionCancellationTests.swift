@testable import CajaServer
import Foundation
import SQLKit
import Testing

/// A transaction whose caller is cancelled between its statements still ends (commit or
/// rollback), so the database stays usable. Found under load: the DGI worker stopped
/// mid-claim left SQLite's single connection inside a transaction for good, and every later
/// statement failed ("cannot start a transaction within a transaction").
@Suite("Transactions survive their caller's cancellation")
struct TransactionCancellationTests {
    @Test("N5: cancelling a caller mid-transaction leaves no transaction open", arguments: Backend.allCases)
    func cancelledCaller(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let database = server.app.database
            try await database.transaction { db in try await db.raw("CREATE TABLE probe (n BIGINT NOT NULL)").run() }
            let caller = Task {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO probe (n) VALUES (1)").run()
                    try await Task.sleep(for: .milliseconds(300))   // the caller is cancelled meanwhile
                    try await db.raw("INSERT INTO probe (n) VALUES (2)").run()
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            caller.cancel()
            _ = try? await caller.value
            // The connection is usable, and the transaction ended whole: both rows or none.
            let rows = try await database.transaction { db in
                try await db.raw("SELECT COUNT(*) AS n FROM probe").first(decodingColumn: "n", as: Int.self) ?? -1
            }
            #expect(rows == 0 || rows == 2, "\(rows) rows: the transaction was cut in half")
            try await database.transaction { db in try await db.raw("INSERT INTO probe (n) VALUES (3)").run() }
        }
    }
}
