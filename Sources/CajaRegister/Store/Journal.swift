import CajaCore
import Foundation

/// The second, append-only copy of every offline document (N1), in a directory apart from
/// the store: one JSON line per document, on disk before the store commits it.
///
/// The store records how many journal bytes belong to committed documents. Bytes past that
/// mark can only come from a command that died between the journal write and the store's
/// commit; that sale was never confirmed to the cashier (no receipt), so ``truncate(to:)``
/// drops it and its number is issued again to the next sale.
///
/// The file grows in chunks of zeros, made durable with their size (fsync) before any line
/// goes into them. A sale then overwrites space that already exists, so its line needs only
/// `fdatasync` (no inode write per sale: BENCHMARKS.md, 1). The journal's text is the bytes
/// before the first NUL; every write puts a NUL right after its line.
struct Journal: Sendable {
    let url: URL
    /// Bytes added at a time when a line does not fit.
    static let chunk: UInt64 = 1 << 20

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

    /// Appends one entry at the end of the text and waits for the disk. Returns the text's
    /// length after it.
    func append(_ entry: JournalEntry) throws -> Int64 {
        var line = try JSONCoding.encoder.encode(entry)
        line.append(0x0A)
        return try append(line: line, at: size)
    }

    /// Writes one line (``JournalEntry/line(document:grant:session:)``) at `offset`, the end
    /// of the committed text, and a NUL after it, and waits for the disk. Returns the text's
    /// length after the line.
    func append(line: Data, at offset: Int64) throws -> Int64 {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        var record = line
        record.append(0)
        let fileSize = try handle.seekToEnd()
        let needed = UInt64(offset) + UInt64(record.count)
        if needed > fileSize {
            let grown = (needed / Self.chunk + 1) * Self.chunk
            try handle.write(contentsOf: Data(count: Int(grown - fileSize)))
            try handle.synchronize()
        }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: record)
        guard fdatasync(handle.fileDescriptor) == 0 else {
            throw RegisterError(.failure, code: "JOURNAL_UNWRITABLE", "No se pudo escribir el diario en \(url.path).")
        }
        return offset + Int64(line.count)
    }

    /// The journal's text: the bytes before the first NUL.
    func contents() throws -> Data {
        let data = try Data(contentsOf: url)
        guard let end = data.firstIndex(of: 0) else { return data }
        return Data(data[data.startIndex..<end])
    }

    /// The text's length (reads the whole file: for recovery and tests, not per sale).
    var size: Int64 { Int64((try? contents().count) ?? 0) }

    /// Whether the text goes on past `length` (an unconfirmed line): reads one byte.
    func hasText(after length: Int64) throws -> Bool {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(length))
        guard let byte = try handle.read(upToCount: 1)?.first else { return false }
        return byte != 0
    }

    /// Drops the text past `length` (an unconfirmed tail; see the type's documentation):
    /// zeroes it, up to the first NUL, and waits for the disk.
    func truncate(to length: Int64) throws {
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(length))
        var end = UInt64(length)
        while let block = try handle.read(upToCount: 64 * 1024), !block.isEmpty {
            if let zero = block.firstIndex(of: 0) {
                end += UInt64(zero - block.startIndex)
                break
            }
            end += UInt64(block.count)
        }
        guard end > UInt64(length) else { return }
        try handle.seek(toOffset: UInt64(length))
        try handle.write(contentsOf: Data(count: Int(end - UInt64(length))))
        try handle.synchronize()
    }

    /// Every complete entry. A torn last line (power lost mid-write) is skipped: its
    /// document was never committed.
    func entries() throws -> [JournalEntry] {
        try contents().split(separator: 0x0A).compactMap { try? JSONCoding.decoder.decode(JournalEntry.self, from: Data($0)) }
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
