@testable import CajaRegister
import Foundation
import Testing

/// The journal file on its own (N1): preallocated space, lines written over it, and the
/// text that counts, on a real file.
@Suite("The register's journal file")
struct JournalTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("caja-journal-\(UUID().uuidString)")

    @Test("N1: a shorter line written over an unconfirmed longer one leaves no trace of it; zeroing drops a tail")
    func overwrite() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        let first = Data("{\"a\":1}\n".utf8)
        let committed = try journal.append(line: first, at: 0)
        #expect(committed == Int64(first.count))
        // Preallocated: the file is bigger than its text, and the text is the line.
        let fileSize = try FileManager.default.attributesOfItem(atPath: journal.url.path)[.size] as? NSNumber
        #expect((fileSize?.int64Value ?? 0) >= Int64(Journal.chunk))
        #expect(try journal.contents() == first)

        // A long line that the store never committed, then a short one at the same place.
        _ = try journal.append(line: Data("{\"unconfirmed\":\"\(String(repeating: "x", count: 500))\"}\n".utf8), at: committed)
        #expect(try journal.hasText(after: committed))
        let second = Data("{\"b\":2}\n".utf8)
        let end = try journal.append(line: second, at: committed)
        #expect(try journal.contents() == first + second)
        #expect(journal.size == end)

        // Dropping past the first line zeroes the second, and only that.
        try journal.truncate(to: committed)
        #expect(try journal.contents() == first)
        #expect(try !journal.hasText(after: committed))
    }

    @Test("N1: a journal written before preallocation (no zeros) is read whole and appended to at its end")
    func oldFormat() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(directory: directory)
        let old = Data("{\"old\":1}\n".utf8)
        try old.write(to: journal.url)
        #expect(journal.size == Int64(old.count))
        let line = Data("{\"new\":2}\n".utf8)
        _ = try journal.append(line: line, at: journal.size)
        #expect(try journal.contents() == old + line)
    }
}
