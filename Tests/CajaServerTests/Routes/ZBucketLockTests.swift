import CajaCore
@testable import CajaServer
import Foundation
import Testing

/// O9 under concurrency, at the bucket's row lock (issue 16, item 4): a document being stored
/// while a Z takes its bucket ends up whole in exactly one Z, whichever holds the bucket first,
/// and two registers opening the day's bucket at once share one. Each interleaving is forced:
/// the first transaction is held open until the second has started.
@Suite("Reporte Z buckets under concurrency")
struct ZBucketLockTests {
    static let day = PanamaTime.BusinessDay(containing: TestClock().now)

    static func item(_ company: UUID, number: Int64) throws -> ZItem {
        ZItem(company: company, document: UUID(), point: "001", issuedAt: TestClock().now,
              contribution: try ZReport.Contribution(encoded: "01|\(number)|0|1000|70|1070|0|01:1000:70|01:1070"))
    }

    /// The count of the documents a Z of the day takes now.
    static func takeAll(_ server: TestServer, company: UUID) async throws -> Int {
        let repository = server.app.repositories.zReports
        return try await server.app.database.transaction { db in
            let buckets = try await repository.take(point: try PointOfSale("001"), through: day, for: UUID(), company: company, db: db)
            return try await repository.figures(of: buckets, company: company, db: db).documentCount
        }
    }

    @Test("O9: a document stored while a Z waits for its bucket is in that Z", arguments: Backend.allCases)
    func storeFirst(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (database, repository, company) = (server.app.database, server.app.repositories.zReports, UUID())
            let earlier = try Self.item(company, number: 1)
            try await database.transaction { db in try await repository.add([earlier], db: db) }
            let (locked, proceed) = (Latch(), Latch())
            let later = try Self.item(company, number: 2)
            let store = Task {
                try await database.transaction { db in
                    try await repository.add([later], db: db)
                    await locked.open()
                    await proceed.wait()
                }
            }
            await locked.wait()
            let closing = Task { try await Self.takeAll(server, company: company) }
            try await Task.sleep(for: .milliseconds(200))   // lets the Z reach the bucket; the outcome holds either way
            await proceed.open()
            try await store.value
            #expect(try await closing.value == 2)
            #expect(try await Self.takeAll(server, company: company) == 0)
        }
    }

    @Test("O9: a document stored while a Z holds its bucket goes to a new bucket, for the next Z", arguments: Backend.allCases)
    func takeFirst(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (database, repository, company) = (server.app.database, server.app.repositories.zReports, UUID())
            let earlier = try Self.item(company, number: 1)
            try await database.transaction { db in try await repository.add([earlier], db: db) }
            let (taken, proceed) = (Latch(), Latch())
            let closing = Task {
                try await database.transaction { db in
                    let buckets = try await repository.take(point: try PointOfSale("001"), through: Self.day, for: UUID(), company: company, db: db)
                    await taken.open()
                    await proceed.wait()
                    return try await repository.figures(of: buckets, company: company, db: db).documentCount
                }
            }
            await taken.wait()
            let later = try Self.item(company, number: 2)
            let store = Task { try await database.transaction { db in try await repository.add([later], db: db) } }
            try await Task.sleep(for: .milliseconds(200))   // lets the store reach the bucket; the outcome holds either way
            await proceed.open()
            #expect(try await closing.value == 1)
            try await store.value
            #expect(try await Self.takeAll(server, company: company) == 1)
        }
    }

    @Test("O9: two registers opening the day's bucket at once share one bucket, both counted", arguments: Backend.allCases)
    func twoOpeners(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let (database, repository, company) = (server.app.database, server.app.repositories.zReports, UUID())
            let (opened, proceed) = (Latch(), Latch())
            let first = try Self.item(company, number: 1)
            let second = try Self.item(company, number: 2)
            let opener = Task {
                try await database.transaction { db in
                    try await repository.add([first], db: db)
                    await opened.open()
                    await proceed.wait()
                }
            }
            await opened.wait()
            let other = Task { try await database.transaction { db in try await repository.add([second], db: db) } }
            try await Task.sleep(for: .milliseconds(200))
            await proceed.open()
            try await opener.value
            try await other.value
            let buckets = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM z_buckets WHERE company_id = \(bind: company.uuidString)")
                    .first(decodingColumn: "n", as: Int.self)
            }
            #expect(buckets == 1)
            #expect(try await Self.takeAll(server, company: company) == 2)
        }
    }
}

/// A gate that one task opens and others wait at.
private actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
