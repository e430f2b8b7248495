import CajaServerTestSupport
import CajaCore
@testable import CajaRegister
import CajaTestSupport
import Foundation
import GRDB
import Testing

@Suite("Exactly-once sync, numbering and safety of the register (N1-N3, O11)")
struct SyncAndSafetyTests {
    /// Logs in, goes offline and sells `count` documents a minute apart.
    func offlineSales(_ server: LiveServer, _ register: TestRegister, count: Int, device: String = "caja-1") async throws -> (Register, [StoredDocument]) {
        let opened = try await register.login(server, device: device)
        try opened.activateOffline(reason: outageReason, acceptTerms: true)
        var sold: [StoredDocument] = []
        for _ in 0..<count {
            server.clock.advance(60)
            sold.append(try await opened.sell(rice))
        }
        return (opened, sold)
    }

    @Test("N3: the server stopped mid-sync, then the same documents re-sent: each stored exactly once")
    func serverStopsMidSync() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            var (opened, sold) = try await offlineSales(server, register, count: 7)
            // The first batch reaches the server; then it goes down.
            var small = register.configuration
            small.syncBatchSize = 3
            opened = try Register(small)
            let firstBatch = try opened.store.pending(limit: 3)
            let (sessions, grants) = try opened.store.sessionsAndGrants(for: firstBatch)
            var client = ServerClient(baseURL: server.url, token: try opened.store.login()?.token)
            client.timeout = .seconds(60)   // a busy machine answers late; this proves an outcome, not a speed
            // Committed on the server, but the answer is "lost": the register never applies it.
            let lost = try await client.sync(json: SyncRequest.wireJSON(stored: firstBatch.map(\.upload), sessions: sessions, grants: grants))
            #expect(lost.results.allSatisfy { $0.status == .accepted })
            await server.stop()
            let down = await refusal { try await opened.sync() }
            #expect(down?.exitCode == 4)
            #expect(try opened.store.pendingCount() == 7)

            try await server.start()   // same data, same port
            let summary = try await opened.sync()
            // The three whose answer was lost come back as duplicates. A batch retried after a
            // late answer adds more duplicates, never more documents: what stays true under
            // retries is that all seven are committed, once each.
            #expect(summary.sent == 7 && summary.duplicates >= 3 && summary.pending == 0)
            let onServer = try await ServerView(server: server).documents()
            #expect(onServer.count == 7)
            #expect(Set(onServer.map(\.id)) == Set(sold.map(\.document.id)))
            #expect(Set(onServer.map(\.number)).count == 7)
            // A second sync has nothing to send and changes nothing.
            #expect(try await opened.sync() == SyncSummary())
            #expect(try await ServerView(server: server).documents().count == 7)
        }
    }

    @Test("N3, O11: two lanes of small batches and a byte budget send every document once, in batches that never share one, and the server flags none out of time order")
    func lanes() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            var (opened, sold) = try await offlineSales(server, register, count: 23)
            var lanes = register.configuration
            lanes.syncLanes = 2
            lanes.syncBatchSize = 4
            opened = try Register(lanes)
            // The byte budget: one document's JSON and a bit, so a batch holds one document.
            let first = try opened.store.pending(limit: 10)
            let one = try opened.store.pending(limit: 10, bytes: 1)
            #expect(first.count == 10 && one.count == 1 && one[0].id == first[0].id, "a batch has at least one document")
            let after = try opened.store.pending(limit: 10, after: first[3].position)
            #expect(Array(after.prefix(6).map(\.id)) == Array(first.dropFirst(4).map(\.id)), "\(after.count) after the fourth")

            let summary = try await opened.sync()
            #expect(summary.sent == 23 && summary.duplicates == 0 && summary.conflicts == 0 && summary.rejected == 0 && summary.pending == 0,
                    "\(summary)")
            let onServer = try await ServerView(server: server).documents()
            #expect(onServer.count == 23 && Set(onServer.map(\.id)) == Set(sold.map(\.document.id)))
            #expect(try opened.store.documents().allSatisfy { $0.status == .sent })
            var admin = ServerClient(baseURL: server.url)
            admin.token = try await ServerView(server: server).token()
            for document in onServer {
                let flags = try await admin.detail(document.id).flags
                #expect(flags.isEmpty, "\(document.number): \(flags)")
            }
            #expect(try await opened.sync() == SyncSummary(), "nothing left to send")
        }
    }

    @Test("N2: one point of sale used offline by one device and online by another at the same time: no number collides")
    func onlineAndOfflineTogether() async throws {
        try await LiveServer.with { server in
            let offlineTill = TestRegister(clock: server.clock)
            let onlineTill = TestRegister(clock: server.clock)
            defer { offlineTill.remove(); onlineTill.remove() }
            let (offline, _) = try await offlineSales(server, offlineTill, count: 0, device: "caja-offline")
            let online = try await onlineTill.login(server, device: "caja-online")
            var numbers: [Int64] = []
            for _ in 0..<10 {
                server.clock.advance(30)
                numbers.append(try await offline.sell(rice).document.issuance.number.value)
                numbers.append(try await online.sell(rice).document.issuance.number.value)
            }
            #expect(Set(numbers).count == 20)
            let summary = try await offline.deactivateOffline()
            #expect(summary.sent == 10 && summary.conflicts == 0)
            let onServer = try await ServerView(server: server).documents().filter { $0.type == .invoice && $0.point == "001" }
            #expect(onServer.count == 20)
            #expect(Set(onServer.map(\.number)).count == 20)
        }
    }

    @Test("N1: logout, switching point of sale and reset are refused while documents are unsent (exit 3, with the count)")
    func refusesWithUnsent() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, _) = try await offlineSales(server, register, count: 2)
            let logout = await refusal { try await opened.logout() }
            #expect(logout?.code == "UNSENT_DOCUMENTS")
            #expect(logout?.exitCode == 3)
            #expect(logout?.message.contains("2 documento") == true)
            let switching = await refusal {
                try await opened.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "002", device: "caja-1")
            }
            #expect(switching?.code == "UNSENT_DOCUMENTS")
            #expect(try opened.store.login()?.pointOfSale == "001")
            let reset = await refusal { try await opened.reset() }
            #expect(reset?.code == "UNSENT_DOCUMENTS")
            try await opened.deactivateOffline()
            // Back online the register tops its blocks up to the server's target (N2), so it
            // holds at least the 48 + 50 numbers left of its first two blocks.
            let held = try opened.status().blocks.reduce(Int64(0)) { $0 + $1.remaining }
            #expect(held >= 48 + 50)
            let voided = try await opened.reset()   // unused numbers go back as a voided range
            #expect(Int64(voided) == held)
            #expect(try opened.store.login() == nil)
            #expect(try opened.store.documents().isEmpty)
            #expect(try opened.store.journal.entries().isEmpty)
        }
    }

    @Test("N1: the store file deleted after offline sales; recover from the journal, log in, sync: all on the server once")
    func recoverFromJournal() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (_, sold) = try await offlineSales(server, register, count: 5)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: register.home.appendingPathComponent("caja.sqlite" + suffix))
            }
            let fresh = try register.open()
            #expect(try fresh.store.pendingCount() == 0)
            #expect(try fresh.recover() == 5)
            #expect(try fresh.recover() == 0)   // idempotent
            // Logging in sends what is pending in the background of its work; sync finds nothing left.
            try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            let summary = try await fresh.sync()
            #expect(summary.pending == 0)
            #expect(try fresh.store.documents().allSatisfy { $0.status == .sent })
            let onServer = try await ServerView(server: server).documents()
            #expect(Set(onServer.map(\.id)) == Set(sold.map(\.document.id)))
            #expect(onServer.count == 5)
            // The recovered session still holds the register offline; more sales continue the block.
            server.clock.advance(60)
            let next = try await fresh.sell(rice)
            #expect(next.document.issuance.number.value == sold.last!.document.issuance.number.value + 1)
        }
    }

    @Test("N1: a journal entry the store never committed (command killed in between) is dropped, its number reissued")
    func unconfirmedJournalTail() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, sold) = try await offlineSales(server, register, count: 1)
            // Simulate the crash window: an entry in the journal, no commit in the store.
            let journal = opened.store.journal
            let committed = try journal.end()
            let session = try #require(try opened.store.activeSession())
            let grant = try #require(try opened.store.read { db in
                try RegisterStore.grant(try String.fetchOne(db, sql: "SELECT block_id FROM documents") ?? "", in: db)
            })
            _ = try journal.append(.document(JournalEntry(session: session, grant: grant, document: sold[0].document)))
            #expect(try journal.end() > committed)
            let reopened = try register.open()
            #expect(try reopened.store.journal.end() == committed)
            server.clock.advance(60)
            let next = try await reopened.sell(rice)
            #expect(next.document.issuance.number.value == sold[0].document.issuance.number.value + 1)
            #expect(try reopened.store.journal.entries().count == 2)
        }
    }

    @Test("N1: each journal line is the whole entry, byte for byte what the encoder writes, and reads back as the sale")
    func journalLines() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, sold) = try await offlineSales(server, register, count: 2)
            let data = try opened.store.journal.contents()
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
            #expect(lines.count == 2)
            for (line, sale) in zip(lines, sold) {
                let entry = try WireJSON.decoder.decode(JournalEntry.self, from: Data(line))
                #expect(entry.document == sale.document)
                #expect(Data(line) == (try WireJSON.encoder.encode(entry)))
            }
        }
    }

    @Test("O11: going back online sends every offline document, visible on the server with its session")
    func backOnline() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, sold) = try await offlineSales(server, register, count: 4)
            let session = try #require(try opened.store.activeSession())
            let summary = try await opened.deactivateOffline()
            #expect(summary == SyncSummary(sent: 4, pending: 0))
            #expect(try opened.store.activeSession() == nil)
            let token = try await ServerView(server: server).token()
            for document in sold {
                let detail = try await ServerClient(baseURL: server.url, token: token).detail(document.document.id)
                #expect(detail.offlineSessionID == session.id)
                #expect(detail.flags.isEmpty)
            }
            #expect(try opened.store.documents().allSatisfy { $0.status == .sent })
        }
    }

    @Test("N2: online again, a register whose block ran low gets a new one before the next outage")
    func topUp() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, _) = try await offlineSales(server, register, count: 31)   // 50 - 31 = 19 < 20 left
            #expect(try opened.status().blocks.first { $0.type == "01" }?.remaining == 19)
            try await opened.deactivateOffline()
            let balance = try #require(try opened.status().blocks.first { $0.type == "01" })
            #expect(balance.remaining == 69 && balance.blocks == 2)
            // The new block lies above every number the server gave out, online or offline.
            _ = try await opened.sell(rice)
            try opened.activateOffline(reason: outageReason, acceptTerms: true)
            server.clock.advance(60)
            var numbers: Set<Int64> = []
            for _ in 0..<25 { numbers.insert(try await opened.sell(rice).document.issuance.number.value) }
            #expect(numbers.count == 25)
            let summary = try await opened.deactivateOffline()
            #expect(summary.sent == 25 && summary.conflicts == 0)
        }
    }
}
