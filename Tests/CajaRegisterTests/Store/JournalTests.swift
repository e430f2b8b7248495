@testable import CajaRegister
import Foundation
import Synchronization
import Testing

/// The journal file on its own (N1): preallocated space, lines written over it, segments,
/// and the text that counts, on real files.
@Suite("The register's journal file")
struct JournalTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("caja-journal-\(UUID().uuidString)")

    func line(_ text: String) -> Data { Data("{\"kind\":\"sessionEnded\",\"endedAt\":\"2026-03-14T15:30:00Z\",\"sessionID\":\"\(text)\"}\n".utf8) }

    /// A valid record line, distinct per `n`.
    func record(_ n: Int) -> Data { line(String(format: "00000000-0000-0000-0000-%012d", n)) }

    @Test("N1: a shorter line written over an unconfirmed longer one leaves no trace of it; zeroing drops a tail")
    func overwrite() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        let start = try journal.end()
        let first = Data("{\"a\":1}\n".utf8)
        let committed = try journal.append(line: first, at: start)
        #expect(committed == JournalPosition(segment: start.segment, offset: Int64(first.count)))
        // Preallocated: the file is bigger than its text, and the text is the line.
        let fileSize = try FileManager.default.attributesOfItem(atPath: journal.url(ofSegment: start.segment).path)[.size] as? NSNumber
        #expect((fileSize?.int64Value ?? 0) >= Int64(Journal.chunk))
        #expect(try journal.contents() == first)

        // A long line that the store never committed, then a short one at the same place.
        _ = try journal.append(line: Data("{\"unconfirmed\":\"\(String(repeating: "x", count: 500))\"}\n".utf8), at: committed)
        #expect(try journal.hasText(after: committed))
        let second = Data("{\"b\":2}\n".utf8)
        let end = try journal.append(line: second, at: committed)
        #expect(try journal.contents() == first + second)
        #expect(try journal.end() == end)

        // Dropping past the first line zeroes the second, and only that.
        try journal.truncate(to: committed)
        #expect(try journal.contents() == first)
        #expect(try !journal.hasText(after: committed))
    }

    @Test("N1: a journal written before segments (documentos.jsonl, no zeros) is read whole and appended to at its end")
    func oldFormat() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let old = record(1)
        try old.write(to: directory.appendingPathComponent("documentos.jsonl"))
        let journal = try Journal(directory: directory)
        #expect(try journal.segments() == [0])
        #expect(try journal.end() == JournalPosition(segment: 0, offset: Int64(old.count)))
        let next = record(2)
        _ = try journal.append(line: next, at: try journal.end())
        #expect(try journal.contents() == old + next)
        #expect(try journal.records().count == 2)
    }

    @Test("N1: a line that does not decode in the middle is reported (JOURNAL_CORRUPT, line and byte) and left on disk")
    func corruptMiddleLine() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        var position = try journal.end()
        let bad = Data("{\"document\":{\"trunc\n".utf8)
        for line in [record(1), bad, record(3)] { position = try journal.append(line: line, at: position) }
        let before = try Data(contentsOf: journal.url(ofSegment: position.segment))
        let error = try #require(throws: RegisterError.self) { try journal.records() }
        #expect(error.code == "JOURNAL_CORRUPT")
        #expect(error.message.contains("línea 2"))
        #expect(error.message.contains("byte \(record(1).count)"))
        #expect(error.message.contains(journal.url(ofSegment: position.segment).path))
        #expect(throws: RegisterError.self) { try journal.entries() }
        // Nothing was rewritten away.
        #expect(try Data(contentsOf: journal.url(ofSegment: position.segment)) == before)
    }

    @Test("N1: only a torn last line is skipped")
    func tornLastLine() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        var position = try journal.end()
        position = try journal.append(line: record(1), at: position)
        _ = try journal.append(line: Data("{\"document\":{\"torn".utf8), at: position)   // power lost mid-write
        #expect(try journal.records().count == 1)
    }

    @Test("N1: the journal rotates into segments named in order; a bad line in an older segment is still reported")
    func segments() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory, segmentLimit: Int64(record(1).count * 2))
        var position = try journal.end()
        for n in 1...5 { position = try journal.append(line: record(n), at: position) }
        #expect(try journal.segments() == [1, 2, 3])
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("diario-000001.jsonl").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("diario-000003.jsonl").path))
        #expect(position == JournalPosition(segment: 3, offset: Int64(record(1).count)))
        #expect(try journal.records().map(\.segment) == [1, 1, 2, 2, 3])
        // Pruning reads only document ids: a segment of other records has none.
        #expect(try journal.documentIDs(ofSegment: 1).isEmpty)

        // An unconfirmed tail across segments: everything past the mark is zeroed.
        try journal.truncate(to: JournalPosition(segment: 2, offset: Int64(record(1).count)))
        #expect(try journal.records().count == 3)

        // A torn line at the end of segment 1 is not the journal's last line: it is corruption.
        let handle = try FileHandle(forUpdating: journal.url(ofSegment: 1))
        try handle.seek(toOffset: UInt64(record(1).count * 2 - 10))
        try handle.write(contentsOf: Data("garbage!!\n".utf8))
        try handle.close()
        let error = try #require(throws: RegisterError.self) { try journal.records() }
        #expect(error.code == "JOURNAL_CORRUPT" && error.message.contains("diario-000001.jsonl"))
    }

    @Test("N1: a journal that cannot be read makes its end an error, never offset 0 (which would overwrite it)")
    func unreadable() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        let segment = try journal.end().segment
        try FileManager.default.removeItem(at: journal.url(ofSegment: segment))
        // A directory where the segment should be: reading it fails.
        try FileManager.default.createDirectory(at: journal.url(ofSegment: segment), withIntermediateDirectories: false)
        let error = try #require(throws: RegisterError.self) { try journal.end() }
        #expect(error.code == "JOURNAL_UNREADABLE")
    }

    @Test("N1: by default the journal lives outside the register's home, so deleting the home keeps it")
    func defaultLocation() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("caja-home-\(UUID().uuidString)")
        let configuration = RegisterConfiguration(home: home)
        #expect(configuration.journalDirectory.lastPathComponent == home.lastPathComponent + "-journal")
        #expect(!configuration.journalDirectory.path.hasPrefix(home.path + "/"))
        // A home that already holds the old HOME/journal keeps it.
        let legacy = home.appendingPathComponent("journal")
        try FileManager.default.createDirectory(at: legacy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try Data().write(to: legacy.appendingPathComponent("documentos.jsonl"))
        #expect(RegisterConfiguration(home: home).journalDirectory.standardizedFileURL.path == legacy.standardizedFileURL.path)
    }

    @Test("N1: a segment's path, put together as text, is its URL's path, with or without a slash after the directory")
    func segmentPath() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for base in [directory, URL(fileURLWithPath: directory.path + "/", isDirectory: true)] {
            let journal = try Journal(directory: base)
            for index in [0, 1, 42, 1_234_567] {
                #expect(journal.path(ofSegment: index) == journal.url(ofSegment: index).path)
            }
        }
    }

    @Test("N1: the writer lock, its file kept open, excludes a second holder of the same journal and of another journal over the same files")
    func lockExcludes() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        for other in [journal, try Journal(directory: directory)] {
            let held = try journal.lock()
            let taken = Mutex(false)
            let waiter = Thread {
                guard let second = try? other.lock() else { return }
                taken.withLock { $0 = true }
                second.release()
            }
            waiter.start()
            // While held, the other holder waits (however long this machine takes to run it).
            try await Task.sleep(for: .milliseconds(200))
            #expect(!taken.withLock { $0 })
            held.release()
            held.release()   // a second release does nothing
            while !taken.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        }
        // Released by both: it can be taken again at once.
        try journal.lock().release()
    }
}
