@testable import CajaRegister
import CajaCore
import CajaTestSupport
import Foundation
import Testing

/// The journal beside the store (issue 16): a sale's line is flushed while the store commits,
/// so a crash can leave the store ahead of the journal; the store is the truth and the journal
/// its copy, so the line comes back from the store. And what the store keeps decoded between
/// sales never hides a change, whoever made it.
@Suite("The journal beside the store, and what a running register keeps decoded")
struct JournalLagTests {
    static let rice = [SaleItem(code: "7504", quantity: Quantity(1))]

    /// A register logged in (as a login stores it), holding a block of numbers, offline.
    static func offline(_ home: TestRegister, last: Int64 = 200) throws -> Register {
        let register = try home.open()
        try register.store.saveLogin(CatalogCacheTests.login, catalog: CatalogCacheTests.catalog(price: "1.00"))
        try register.store.addBlocks([block(home, first: 1, last: last)])
        _ = try register.activateOffline(reason: outageReason, acceptTerms: true)
        return register
    }

    static func block(_ home: TestRegister, first: Int64, last: Int64) throws -> SignedNumberBlock {
        let login = CatalogCacheTests.login
        let block = NumberBlock(id: UUID(), companyID: login.companyID, deviceID: login.deviceID, pointOfSale: try PointOfSale("001"),
                                type: .invoice, first: first, last: last, issuedAt: home.clock.now)
        return SignedNumberBlock(block: block, signature: "test")
    }

    /// Where the last line starts and ends, as the store recorded it.
    static func lastLine(_ store: RegisterStore) throws -> (mark: JournalMark, url: URL) {
        let mark = try #require(try store.read { try RegisterStore.journalMark(in: $0) })
        let start = try #require(mark.lastStart)
        return (mark, store.journal.url(ofSegment: start.segment))
    }

    /// Writes `bytes` into a segment at `offset`, as a disk left it.
    static func overwrite(_ url: URL, at offset: Int64, with bytes: Data) throws {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: bytes)
    }

    /// The journal holds exactly the store's offline documents, in number order, each line the
    /// bytes the store's rows give.
    static func expectJournalMatchesStore(_ store: RegisterStore) throws {
        let documents = try store.documents().filter { $0.sessionID != nil }
        let entries = try store.journal.entries()
        #expect(entries.map(\.document.id) == documents.sorted { $0.document.issuance.number.value < $1.document.issuance.number.value }
            .map(\.document.id))
        for entry in entries {
            let rebuilt = try store.read { try RegisterStore.journalLine(of: entry.document.id, in: $0) }
            #expect(rebuilt == (try JournalRecord.document(entry).line()))
        }
    }

    @Test("N1: a sale committed whose journal line never reached the disk (zeros where it goes) gets it back from the store at open")
    func missingLine() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        for _ in 0..<3 { _ = try await register.sell(Self.rice) }
        let whole = try register.store.journal.contents()
        let (mark, url) = try Self.lastLine(register.store)
        let start = try #require(mark.lastStart)
        // The flush that did not happen: the line's place is still the zeros it was given.
        try Self.overwrite(url, at: start.offset, with: Data(count: Int(mark.offset - start.offset)))
        #expect(try register.store.journal.entries().count == 2)

        let reopened = try home.open()
        #expect(try reopened.store.journal.contents() == whole)
        try Self.expectJournalMatchesStore(reopened.store)
        let next = try await reopened.sell(Self.rice)
        #expect(next.document.issuance.number.value == 4)
        #expect(try reopened.store.journal.entries().count == 4)
        try Self.expectJournalMatchesStore(reopened.store)
    }

    @Test("N1: a journal file cut short inside its last record (the store committed it) is made whole again from the store")
    func truncatedFile() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        for _ in 0..<2 { _ = try await register.sell(Self.rice) }
        let whole = try register.store.journal.contents()
        let (mark, url) = try Self.lastLine(register.store)
        let start = try #require(mark.lastStart)
        // The file ends in the middle of the last line: no preallocated space left either.
        let handle = try FileHandle(forUpdating: url)
        try handle.truncate(atOffset: UInt64(start.offset + 40))
        try handle.close()

        let reopened = try home.open()
        #expect(try reopened.store.journal.contents() == whole)
        try Self.expectJournalMatchesStore(reopened.store)
        _ = try await reopened.sell(Self.rice)
        try Self.expectJournalMatchesStore(reopened.store)
        // Recovery from the repaired journal gets all three back.
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: home.home.appendingPathComponent("caja.sqlite" + suffix))
        }
        #expect(try home.open().recover() == 3)
    }

    @Test("N1: an older unconfirmed line of the same length where the committed one belongs is replaced by the committed one")
    func staleLineOfSameLength() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        let sold = try await register.sell(Self.rice)
        let whole = try register.store.journal.contents()
        let (mark, url) = try Self.lastLine(register.store)
        let start = try #require(mark.lastStart)
        // Another document's line, the same length (another id), as a sale that never committed left it.
        let other = Data(String(decoding: whole, as: UTF8.self)
            .replacingOccurrences(of: sold.document.id.uuidString, with: UUID().uuidString).utf8)
        #expect(other.count == whole.count && other != whole)
        try Self.overwrite(url, at: start.offset, with: other)

        let reopened = try home.open()
        #expect(try reopened.store.journal.contents() == whole)
        try Self.expectJournalMatchesStore(reopened.store)
    }

    @Test("N1: a running register finds the line another process's sale left unflushed and writes it before its own")
    func laggingLineFromAnotherProcess() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let running = try Self.offline(home)
        _ = try await running.sell(Self.rice)   // what it reads is kept from here on
        let other = try home.open()              // `caja sell` beside the running till
        _ = try await other.sell(Self.rice)
        let (mark, url) = try Self.lastLine(other.store)
        let start = try #require(mark.lastStart)
        try Self.overwrite(url, at: start.offset, with: Data(count: Int(mark.offset - start.offset)))

        let next = try await running.sell(Self.rice)
        #expect(next.document.issuance.number.value == 3)
        #expect(try running.store.journal.entries().count == 3)
        try Self.expectJournalMatchesStore(running.store)
    }

    @Test("N1: sales from two stores on one home, several at a time: one line per committed document, in order, none lost or doubled")
    func concurrentSales() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let first = try Self.offline(home)
        let second = try home.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                let register = index.isMultiple(of: 2) ? first : second
                group.addTask { _ = try await register.sell(Self.rice) }
            }
            try await group.waitForAll()
        }
        let documents = try first.store.documents()
        #expect(documents.count == 24)
        #expect(Set(documents.map(\.document.issuance.number.value)) == Set(1...24))
        try Self.expectJournalMatchesStore(first.store)
        try Self.expectJournalMatchesStore(try home.open().store)
    }

    @Test("N1: a sale waits for the journal's lock another writer holds (a line still being flushed), and writes after it")
    func waitsForTheLock() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        _ = try await register.sell(Self.rice)
        let lock = try register.store.journal.lock()
        let sale = Task { try await register.sell(Self.rice) }
        try await Task.sleep(for: .milliseconds(200))
        // Held: the sale's line is not written, whatever the machine's speed.
        #expect(try register.store.journal.entries().count == 1)
        lock.release()
        #expect(try await sale.value.document.issuance.number.value == 2)
        #expect(try register.store.journal.entries().count == 2)
        try Self.expectJournalMatchesStore(register.store)
    }

    @Test("O1/N2: a running register sees what another process changed: the session it ended, the numbers it used, the login it saved")
    func changesByAnotherProcess() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let running = try Self.offline(home, last: 5)
        #expect(try await running.sell(Self.rice).document.issuance.number.value == 1)
        let other = try home.open()
        #expect(try await other.sell(Self.rice).document.issuance.number.value == 2)
        #expect(try await running.sell(Self.rice).document.issuance.number.value == 3)

        // A block used up by the other process: the running one moves to the next block.
        _ = try await other.sell(Self.rice)
        _ = try await other.sell(Self.rice)
        try other.store.addBlocks([try Self.block(home, first: 100, last: 110)])
        #expect(try await running.sell(Self.rice).document.issuance.number.value == 100)

        var changed = CatalogCacheTests.login
        changed.user = "supervisor"
        #expect(try running.store.login()?.user == "cajero")
        try other.store.saveLogin(changed, catalog: nil)
        #expect(try running.store.login()?.user == "supervisor")

        // The session ended by the other process: the running register is online again.
        let session = try #require(try running.store.activeSession())
        try other.store.endSession(session.id, at: home.clock.now)
        #expect(try running.store.activeSession() == nil)
        let refused = await #expect(throws: RegisterError.self) { try await running.sell(Self.rice) }
        #expect(refused?.errorCode != .noNumbersLeft)
        try Self.expectJournalMatchesStore(running.store)
    }

    @Test("N2: a change written through the register's own store (numbers moved) is seen by its next sale")
    func ownChange() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        _ = try await register.sell(Self.rice)
        try register.store.write { db in try db.execute(sql: "UPDATE blocks SET next = 50 WHERE type = '01'") }
        #expect(try await register.sell(Self.rice).document.issuance.number.value == 50)
    }

    @Test("O8: a time the status noted is kept with what a sale reads; the clock moved back after it refuses the next sale")
    func timeSeenByStatus() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try Self.offline(home)
        _ = try await register.sell(Self.rice)
        home.clock.advance(600)
        _ = try register.status()
        try register.store.setTillValue("x", "probe")   // the till's own values keep it too
        let version = try register.store.read { try register.store.version(in: $0) }
        #expect(register.store.keptSale(at: version) != nil)
        home.clock.advance(-300)
        let refused = await #expect(throws: RegisterError.self) { try await register.sell(Self.rice) }
        #expect(refused?.errorCode == .offlineClockBackwards)
    }

    @Test("N1: the journal mark is the JSON the wire encoder writes, and a bare position from an older store reads as one")
    func markJSON() throws {
        let mark = JournalMark(end: JournalPosition(segment: 3, offset: 4096), lastStart: JournalPosition(segment: 3, offset: 1024),
                               lastDocument: UUID())
        #expect(Data(mark.json.utf8) == (try WireJSON.encoder.encode(mark)))
        #expect(try WireJSON.decoder.decode(JournalMark.self, from: Data(mark.json.utf8)) == mark)
        let bare = JournalMark(end: JournalPosition(segment: 2, offset: 7))
        #expect(Data(bare.json.utf8) == (try WireJSON.encoder.encode(bare)))
        let old = try WireJSON.encoder.encode(JournalPosition(segment: 2, offset: 7))
        #expect(try WireJSON.decoder.decode(JournalMark.self, from: old) == bare)
        #expect(try WireJSON.decoder.decode(JournalPosition.self, from: Data(mark.json.utf8)) == mark.end)
    }
}
