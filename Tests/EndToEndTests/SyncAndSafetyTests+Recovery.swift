import CajaServerTestSupport
import CajaCore
@testable import CajaRegister
import CajaTestSupport
import Foundation
import GRDB
import Testing

/// A register whose journal lives outside its home, as by default: deleting the home is the
/// "clear the app's data" failure, and the journal survives it.
struct SeparateJournalRegister {
    let register: TestRegister
    let journal: URL

    init(clock: SharedClock) {
        register = TestRegister(clock: clock)
        journal = URL(fileURLWithPath: register.home.path + "-journal")
    }

    func configuration(segmentBytes: Int64? = nil) -> RegisterConfiguration {
        var configuration = register.configuration
        configuration.journalDirectory = journal
        if let segmentBytes { configuration.journalSegmentBytes = segmentBytes }
        return configuration
    }

    func open(segmentBytes: Int64? = nil) throws -> Register { try Register(configuration(segmentBytes: segmentBytes)) }

    func login(_ server: LiveServer, segmentBytes: Int64? = nil) async throws -> Register {
        let opened = try open(segmentBytes: segmentBytes)
        try await opened.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
        return opened
    }

    /// Logs in, goes offline and sells one rice a minute after activation.
    func loginAndSellOffline(_ server: LiveServer) async throws -> Register {
        let opened = try await login(server)
        _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
        server.clock.advance(60)
        _ = try await opened.sell(rice)
        return opened
    }

    /// The store is gone: the whole home directory deleted.
    func deleteHome() throws { try FileManager.default.removeItem(at: register.home) }

    func remove() {
        register.remove()
        try? FileManager.default.removeItem(at: journal)
    }
}

extension SyncAndSafetyTests {
    @Test("N1: a session ended before the store was lost comes back ended: after recover and login the register is online")
    func recoveredEndedSessionStaysEnded() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            let opened = try await till.loginAndSellOffline(server)
            _ = try await opened.deactivateOffline()
            try till.deleteHome()

            let fresh = try till.open()
            _ = try fresh.recover()
            #expect(try fresh.store.activeSession() == nil)
            try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            #expect(try fresh.status().mode.rawValue == "online")
            server.clock.advance(60)
            let next = try await fresh.sell(rice)
            #expect(next.emission.rawValue == "normal" && next.status == .sent)
            #expect(try await ServerView(server: server).documents().count == 2)
        }
    }

    @Test("N1: a line torn by the failure that lost the store does not stop the recovered till: it sells offline and goes back online")
    func recoverAfterTornLine() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            let opened = try await till.loginAndSellOffline(server)
            // Power lost mid-write: half a line after the last whole one, and the store gone.
            let segment = try #require(try opened.store.journal.segments().last)
            let url = opened.store.journal.url(ofSegment: segment)
            let end = try opened.store.journal.end()
            let handle = try FileHandle(forUpdating: url)
            try handle.seek(toOffset: UInt64(end.offset))
            try handle.write(contentsOf: Data(#"{"document":{"draft":{"id":"#.utf8))
            try handle.close()
            try till.deleteHome()

            let fresh = try till.open()
            #expect(try fresh.recover() == 1)
            server.clock.advance(60)
            let next = try await fresh.sell(rice)
            #expect(next.emission.rawValue == "contingency")
            try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            let summary = try await fresh.deactivateOffline()   // the login already sent them
            #expect(summary.pending == 0)
            #expect(try await ServerView(server: server).documents().count == 2)
            #expect(try fresh.status().mode.rawValue == "online")
            #expect(try fresh.store.journal.entries().count == 2)
        }
    }

    @Test("N1: logging in on a new store before caja recover does not overwrite what the journal kept; recover then restores the open session")
    func loginBeforeRecover() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            let opened = try await till.loginAndSellOffline(server)
            let snapshot = till.journal.appendingPathComponent("estado.json")
            let before = try Data(contentsOf: snapshot)
            try till.deleteHome()

            let fresh = try till.open()
            try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            #expect(try Data(contentsOf: snapshot) == before)
            #expect(try fresh.recover() == 1)
            #expect(try fresh.store.activeSession()?.reason == outageReason)
        }
    }

    @Test("N1/N2: the store lost mid-outage: recover brings back catalog, session and blocks; selling goes on offline with new numbers; all reach the server once")
    func recoverMidOutage() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            let opened = try await till.login(server)
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            var sold: [StoredDocument] = []
            for _ in 0..<3 {
                server.clock.advance(60)
                sold.append(try await opened.sell(rice))
            }
            sold.append(try await opened.genericCreditNote(rice))
            await server.stop()
            try till.deleteHome()

            let fresh = try till.open()
            #expect(try fresh.recover() == 4)
            let status = try fresh.status()
            #expect(status.mode.rawValue == "offline" && !status.loggedIn)
            #expect(status.pointOfSale == "001")
            #expect(try fresh.store.login() == nil)   // no credential came back
            #expect(try fresh.store.catalog()?.products.isEmpty == false)
            for _ in 0..<3 {
                server.clock.advance(60)
                sold.append(try await fresh.sell(rice))
            }
            sold.append(try await fresh.genericCreditNote(rice))
            for type in [DocumentType.invoice, .genericCreditNote] {
                let numbers = sold.filter { $0.document.draft.type == type }.map(\.document.issuance.number.value)
                #expect(Set(numbers).count == numbers.count, "a number of \(type.dgiCode) was used twice")
                #expect(numbers == numbers.sorted())
            }
            #expect(sold.allSatisfy { $0.emission.rawValue == "contingency" })
            // Still down: logging in fails with exit 4, and the register stays offline.
            let down = await refusal {
                try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            }
            #expect(down?.exitCode == 4)
            #expect(try fresh.status().mode.rawValue == "offline")

            try await server.start()
            try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            let summary = try await fresh.sync()
            #expect(summary.pending == 0 && summary.conflicts == 0 && summary.rejected == 0)
            let onServer = try await ServerView(server: server).documents()
            #expect(onServer.count == sold.count)
            #expect(Set(onServer.map(\.id)) == Set(sold.map(\.document.id)))
        }
    }

    @Test("N1: segments whose documents the server confirmed are removed; recovery after that still never reuses a number (N2)")
    func confirmedSegmentsRemoved() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            // One line per segment: every sale starts a new one.
            let opened = try await till.login(server, segmentBytes: 1)
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            var sold: [StoredDocument] = []
            for _ in 0..<5 {
                server.clock.advance(60)
                sold.append(try await opened.sell(rice))
            }
            #expect(try opened.store.journal.segments().count == 5)
            let status = try opened.status()
            #expect(status.journal.segments == 5 && status.journal.bytes > 0)
            #expect(status.journal.directory == till.journal.path)

            let summary = try await opened.sync()   // the server answers for all five
            #expect(summary.sent == 5)
            // Only the segment being written is left.
            #expect(try opened.store.journal.segments().count == 1)
            #expect(try opened.store.journal.entries().map(\.document.id) == [sold[4].document.id])
            // Three more sales, unsent: the segment of the sent one goes, theirs stay (N1).
            var unsent: [StoredDocument] = []
            for _ in 0..<3 {
                server.clock.advance(60)
                unsent.append(try await opened.sell(rice))
            }
            #expect(try opened.store.pruneJournal() == 1)
            #expect(try opened.store.journal.entries().map(\.document.id) == unsent.map(\.document.id))
            #expect(try opened.store.pruneJournal() == 0)
            _ = try await opened.sync()
            #expect(try opened.store.journal.entries().map(\.document.id) == [unsent[2].document.id])
            sold += unsent

            try till.deleteHome()
            let fresh = try till.open(segmentBytes: 1)
            #expect(try fresh.recover() == 1)
            server.clock.advance(60)
            let next = try await fresh.sell(rice)
            #expect(next.document.issuance.number.value == sold[7].document.issuance.number.value + 1)
            try await fresh.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
            _ = try await fresh.sync()
            let onServer = try await ServerView(server: server).documents()
            #expect(onServer.count == 9)
            #expect(Set(onServer.map(\.number)).count == 9)
        }
    }

    @Test("N1: a bad line in the middle of the journal: recover fails with JOURNAL_CORRUPT and the journal stays as it was")
    func recoverRefusesCorruptJournal() async throws {
        try await LiveServer.with { server in
            let till = SeparateJournalRegister(clock: server.clock)
            defer { till.remove() }
            let opened = try await till.login(server)
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            for _ in 0..<3 {
                server.clock.advance(60)
                _ = try await opened.sell(rice)
            }
            let journal = opened.store.journal
            let segment = try journal.end().segment
            let url = journal.url(ofSegment: segment)
            var bytes = try Data(contentsOf: url)
            let secondLine = try #require(bytes.firstIndex(of: 0x0A)).advanced(by: 1)
            bytes[secondLine + 5] = UInt8(ascii: "#")   // damage the middle line
            try bytes.write(to: url)
            try till.deleteHome()

            let fresh = try till.open()
            let error = await refusal { try fresh.recover() }
            #expect(error?.code == "JOURNAL_CORRUPT")
            #expect(error?.message.contains("línea 2") == true)
            #expect(try Data(contentsOf: url) == bytes)
            #expect(try fresh.store.pendingCount() == 0)
        }
    }

    @Test("N1: a pending document without its session or block, or with an unknown status, is an error, never a made-up id or pending")
    func storeGaps() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let (opened, _) = try await offlineSales(server, register, count: 1)
            try opened.store.write { db in try db.execute(sql: "UPDATE documents SET block_id = NULL") }
            let noBlock = await refusal { try await opened.sync() }
            #expect(noBlock?.code == "STORE_CORRUPT")
            #expect(try opened.store.pendingCount() == 1)
            try opened.store.write { db in try db.execute(sql: "UPDATE documents SET status = 'perdido'") }
            #expect { try opened.store.documents() } throws: { ($0 as? RegisterError)?.code == "STORE_CORRUPT" }
        }
    }
}
