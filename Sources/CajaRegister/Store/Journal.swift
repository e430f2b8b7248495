import CajaCore
import Foundation

/// The second, append-only copy of every offline document (N1), in a directory apart from
/// the store: one JSON line per document, fsynced before the store commits it.
///
/// The store records how many journal bytes belong to committed documents. Bytes past that
/// mark can only come from a command that died between the journal write and the store's
/// commit; that sale was never confirmed to the cashier (no receipt), so ``truncate(to:)``
/// drops it and its number is issued again to the next sale.
struct Journal: Sendable {
    let url: URL

    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent("documentos.jsonl")
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw RegisterError(.failure, code: "JOURNAL_UNWRITABLE", "No se puede crear el diario en \(directory.path).")
            }
            try Self.syncDirectory(directory)
        }
    }

    /// Appends one entry and waits for the disk (fsync). Returns the file's size after it.
    func append(_ entry: JournalEntry) throws -> Int64 {
        var line = try JSONCoding.encoder.encode(entry)
        line.append(0x0A)
        return try append(line: line)
    }

    /// Appends one line (``JournalEntry/line(document:grant:session:)``) and waits for the
    /// disk (fsync). Returns the file's size after it.
    func append(line: Data) throws -> Int64 {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
        return Int64(end) + Int64(line.count)
    }

    var size: Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? NSNumber)?.int64Value ?? 0
    }

    /// Drops bytes past `length` (an unconfirmed tail; see the type's documentation).
    func truncate(to length: Int64) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(length))
        try handle.synchronize()
    }

    /// Every complete entry. A torn last line (power lost mid-write) is skipped: its
    /// document was never committed.
    func entries() throws -> [JournalEntry] {
        let data = try Data(contentsOf: url)
        return data.split(separator: 0x0A).compactMap { try? JSONCoding.decoder.decode(JournalEntry.self, from: Data($0)) }
    }

    private static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = fsync(descriptor)
    }
}

/// The JSON settings of everything the register writes or sends.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
