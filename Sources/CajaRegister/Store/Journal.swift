import CajaCore
import Foundation

/// The second, append-only copy of every offline document (N1), in a directory apart from
/// the store (by default beside the register's home, not inside it: see
/// ``RegisterConfiguration/defaultJournalDirectory(home:)``): one JSON line per record. A
/// sale's line is written and flushed while the store commits the document (issue 16), and
/// the sale is reported only when both are on disk; any other line is on disk before its
/// transaction commits.
///
/// **Segments.** The journal is a sequence of files, `diario-000001.jsonl`,
/// `diario-000002.jsonl`, … (the number gives the order; a journal written before segments
/// existed is the single file `documentos.jsonl`, read as segment 0). A line goes into the
/// last segment; when it would take that segment past ``segmentLimit`` bytes, it starts the
/// next one. A segment other than the last is removed once the server has answered for every
/// document in it, and only in order, oldest first (``RegisterStore/pruneJournal()``), after
/// the state snapshot (``JournalSnapshot``) has recorded how far each block's numbers went.
///
/// **The store is the truth, the journal its copy.** The store records, in the same
/// transaction as the document, where the committed text ends and where the document's line
/// starts (``JournalMark``). A crash can leave the two apart in two ways, and the store puts
/// them together when it opens (``RegisterStore/reconcileJournal()``):
/// - *The journal ahead*: text past the committed end, from a sale that died before its
///   commit. It was never confirmed to the cashier (no receipt), so ``truncate(to:)`` zeroes
///   it and its number is issued again.
/// - *The journal behind*: the commit reached the disk, the line did not (the process died
///   between the two, or the flush failed). The sale was not reported either, but the store has
///   it: the line is written again from the store's rows, byte for byte what the sale wrote.
///   Only the last line can be missing, because every line is written after a check of the one
///   before it. Losing the store as well in that same crash loses that one unreported sale.
///
/// **One writer at a time.** Every change to the files is made under ``JournalLock``, and a
/// sale keeps it until its flush has returned, so the next line, from this process or another,
/// is written only after the line before it.
///
/// **Durability.** A segment grows in chunks of zeros, made durable with their size (fsync)
/// before any line goes into them. A sale then overwrites space that already exists, so its
/// line needs only `fdatasync` (no inode write per sale: BENCHMARKS.md, 1). A segment's text
/// is the bytes before its first NUL; every write puts a NUL right after its line.
///
/// **Loud failures.** Nothing here turns an error into a default: a read that fails throws,
/// and a line that does not decode is reported (`JOURNAL_CORRUPT`, naming the file, line and
/// byte offset) and left on disk. Only the journal's very last line may be skipped, as a
/// line torn by a power loss mid-write (its document was never committed).
struct Journal: Sendable {
    let directory: URL
    /// The writer lock's file, open while the journal is (``JournalLockFile``).
    let lockFile: JournalLockFile
    /// `directory`'s path, without a trailing slash.
    private let directoryPath: String
    /// A new segment starts when a line would take the current one past this many bytes.
    let segmentLimit: Int64
    /// Bytes added at a time when a line does not fit.
    static let chunk: UInt64 = 1 << 20
    static let defaultSegmentLimit: Int64 = 8 << 20
    /// The single file of a journal written before segments; segment 0.
    static let legacyName = "documentos.jsonl"
    static let snapshotName = "estado.json"

    init(directory: URL, segmentLimit: Int64 = Journal.defaultSegmentLimit) throws {
        self.directory = directory
        lockFile = JournalLockFile(directory: directory)
        let path = directory.path
        directoryPath = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.segmentLimit = max(1, segmentLimit)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw Self.unwritable(directory, error)
        }
        if try segments().isEmpty { try createSegment(1) }
    }

    // MARK: - Segments

    /// The segment files, in order.
    func segments() throws -> [Int] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw Self.unreadable(directory, error)
        }
        return names.compactMap(Self.segmentIndex).sorted()
    }

    func url(ofSegment index: Int) -> URL {
        directory.appendingPathComponent(Self.name(ofSegment: index), isDirectory: false)
    }

    /// ``url(ofSegment:)``'s path, put together as text: a sale opens its segment by path,
    /// and building the URL and reading its path back was a tenth of its journal work.
    func path(ofSegment index: Int) -> String { directoryPath + "/" + Self.name(ofSegment: index) }

    /// `diario-000001.jsonl` for 1 (without `String(format:)`, which a sale would pay for).
    static func name(ofSegment index: Int) -> String {
        guard index != 0 else { return legacyName }
        let digits = String(index)
        return "diario-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".jsonl"
    }

    static func segmentIndex(_ name: String) -> Int? {
        if name == legacyName { return 0 }
        guard name.hasPrefix("diario-"), name.hasSuffix(".jsonl") else { return nil }
        return Int(name.dropFirst("diario-".count).dropLast(".jsonl".count))
    }

    private func createSegment(_ index: Int) throws {
        let url = self.url(ofSegment: index)
        guard FileManager.default.fileExists(atPath: url.path) || FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw RegisterError(.journalUnwritable, detail: url.path, "No se pudo crear el archivo.")
        }
        try Self.syncDirectory(directory)
    }

    /// Removes one segment (its documents are all answered for: see the type's documentation).
    func removeSegment(_ index: Int) throws {
        do { try FileManager.default.removeItem(at: url(ofSegment: index)) } catch {
            throw Self.unwritable(directory, error)
        }
        try Self.syncDirectory(directory)
    }

    /// Bytes on disk (preallocated space included) and the number of segments, for `caja status`.
    func diskUsage() throws -> (bytes: Int64, segments: Int) {
        let indexes = try segments()
        var bytes: Int64 = 0
        for index in indexes {
            let attributes: [FileAttributeKey: Any]
            do { attributes = try FileManager.default.attributesOfItem(atPath: url(ofSegment: index).path) } catch {
                throw Self.unreadable(url(ofSegment: index), error)
            }
            bytes += (attributes[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (bytes, indexes.count)
    }

    // MARK: - Writing

    /// Waits for the journal's writer lock (see ``JournalLock``).
    func lock() throws(RegisterError) -> JournalLock { try lockFile.acquire() }

    /// Writes one line at `position` (the end of the committed text), in its segment or, when
    /// it would not fit there, at the start of the next one, with a NUL after it, and waits for
    /// the disk. Returns the position after the line. The caller holds the lock, or no other
    /// writer can exist (tests, tools).
    func append(line: Data, at position: JournalPosition) throws -> JournalPosition {
        let write = try prepareAppend(line: line, at: position, lock: nil)
        try write.finish()
        return write.end
    }

    /// Everything of ``append(line:at:)`` but the line's own write and flush, which the
    /// returned ``JournalWrite`` does (on another thread, or when it is finished). It holds
    /// `lock` until then.
    func prepareAppend(line: Data, at position: JournalPosition, lock: JournalLock?) throws -> JournalWrite {
        var position = position
        if position.offset > 0, position.offset + Int64(line.count) > segmentLimit {
            position = JournalPosition(segment: position.segment + 1, offset: 0)
            try createSegment(position.segment)
        }
        return try prepareWrite(line: line, at: position, lock: lock)
    }

    /// Prepares a write of `line` exactly at `position` (no new segment: a line written again
    /// where it was, ``RegisterStore/repairLastLine(_:in:)``). The committed text must end
    /// there with a line's end (or the segment start there): a line written past a NUL would be
    /// invisible (a journal replaced or cut short behind the store's back). The segment grows
    /// first, when the line and its NUL do not fit in the space it has.
    func prepareWrite(line: Data, at position: JournalPosition, lock: JournalLock?) throws -> JournalWrite {
        let path = self.path(ofSegment: position.segment)
        var descriptor = open(path, O_RDWR | O_CLOEXEC)
        if descriptor < 0, errno == ENOENT {
            guard position.offset == 0 else { throw mismatch(URL(fileURLWithPath: path), position) }
            try createSegment(position.segment)
            descriptor = open(path, O_RDWR | O_CLOEXEC)
        }
        guard descriptor >= 0 else { throw RegisterError(.journalUnwritable, detail: path, "No se puede abrir (\(errno)).") }
        var handedOver = false
        defer { if !handedOver { close(descriptor) } }
        if position.offset > 0 {
            var byte: UInt8 = 0
            guard pread(descriptor, &byte, 1, off_t(position.offset - 1)) == 1, byte == 0x0A else { throw mismatch(URL(fileURLWithPath: path), position) }
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw RegisterError(.journalUnreadable, detail: path) }
        let needed = UInt64(position.offset) + UInt64(line.count) + 1
        if needed > UInt64(info.st_size) { try grow(descriptor, from: UInt64(info.st_size), toHold: needed, URL(fileURLWithPath: path)) }
        handedOver = true
        return JournalWrite(descriptor: descriptor, path: path, line: line, start: position, lock: lock)
    }

    /// Adds zeros up to the next whole ``chunk`` past `needed`, made durable with the file's
    /// size (fsync), so the lines written into them need only `fdatasync`.
    private func grow(_ descriptor: Int32, from size: UInt64, toHold needed: UInt64, _ url: URL) throws {
        let grown = (needed / Self.chunk + 1) * Self.chunk
        let zeros = [UInt8](repeating: 0, count: Int(grown - size))
        var sent = 0
        while sent < zeros.count {
            let count = zeros.withUnsafeBytes { bytes in
                bytes.baseAddress.map { pwrite(descriptor, $0 + sent, bytes.count - sent, off_t(size) + off_t(sent)) } ?? -1
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw RegisterError(.journalUnwritable, detail: url.path, "No se pudo ampliar (\(errno)).") }
            sent += count
        }
        guard fsync(descriptor) == 0 else { throw RegisterError(.journalUnwritable, detail: url.path, "No se pudo ampliar.") }
    }

    /// `count` bytes of a segment from `offset` (fewer at its end of file): what a line on disk
    /// is, to compare with what the store says it must be.
    func bytes(ofSegment index: Int, from offset: Int64, count: Int) throws -> Data {
        let url = self.url(ofSegment: index)
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return Data() }
            throw RegisterError(.journalUnreadable, detail: url.path)
        }
        defer { close(descriptor) }
        var data = Data(count: count)
        let read = data.withUnsafeMutableBytes { bytes in bytes.baseAddress.map { pread(descriptor, $0, count, off_t(offset)) } ?? 0 }
        guard read >= 0 else { throw RegisterError(.journalUnreadable, detail: url.path) }
        return data.prefix(read)
    }

    /// Encodes `record` as one line and appends it at the end of the text (tests and tools;
    /// the store appends at the position it committed).
    func append(_ record: JournalRecord) throws -> JournalPosition {
        try append(line: try record.line(), at: try end())
    }

    /// Drops the text past `position` (an unconfirmed tail; see the type's documentation):
    /// zeroes it in its segment and the text of every later segment, and waits for the disk.
    func truncate(to position: JournalPosition) throws {
        for index in try segments() where index >= position.segment {
            try zero(segment: index, from: index == position.segment ? position.offset : 0)
        }
    }

    private func zero(segment index: Int, from offset: Int64) throws {
        let handle = try FileHandle(forUpdating: url(ofSegment: index))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var end = UInt64(offset)
        while let block = try handle.read(upToCount: 64 * 1024), !block.isEmpty {
            if let zero = block.firstIndex(of: 0) {
                end += UInt64(zero - block.startIndex)
                break
            }
            end += UInt64(block.count)
        }
        guard end > UInt64(offset) else { return }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(count: Int(end - UInt64(offset))))
        try handle.synchronize()
    }

    /// Removes every segment and the snapshot and starts again at segment 1 (`caja reset`).
    func erase() throws {
        for index in try segments() { try removeSegment(index) }
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(Self.snapshotName))
        try createSegment(1)
    }

    // MARK: - Reading

    /// One segment's text: the bytes before the first NUL.
    func contents(ofSegment index: Int) throws -> Data {
        let url = self.url(ofSegment: index)
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw Self.unreadable(url, error) }
        guard let end = data.firstIndex(of: 0) else { return data }
        return Data(data[data.startIndex..<end])
    }

    /// The whole text, every segment in order (tests; recovery reads ``records()``).
    func contents() throws -> Data {
        try segments().reduce(into: Data()) { $0.append(try contents(ofSegment: $1)) }
    }

    /// Where the text ends: the end of the last segment's text (reads the last segment: for
    /// opening a store beside an old journal, recovery and tests, not per sale).
    func end() throws -> JournalPosition {
        guard let last = try segments().last else { return JournalPosition(segment: 1, offset: 0) }
        return JournalPosition(segment: last, offset: Int64(try contents(ofSegment: last).count))
    }

    /// Whether the journal holds any text at all (a lost register's, beside a new store).
    func hasText() throws -> Bool {
        try segments().contains { try !contents(ofSegment: $0).isEmpty }
    }

    /// The end of the last whole line, made safe to append at: a torn last line (power lost
    /// mid-write) is zeroed, or, when only its newline is missing and it reads, completed.
    /// For a store that has no committed position of its own (recovery, or a new store beside
    /// an old journal); ``append(line:at:)`` needs the text before it to end a line.
    func repairedEnd() throws -> JournalPosition {
        let end = try self.end()
        let text = try contents(ofSegment: end.segment)
        guard let last = text.last, last != 0x0A else { return end }
        let lineStart = text.lastIndex(of: 0x0A).map { text.distance(from: text.startIndex, to: $0) + 1 } ?? 0
        let tail = Data(text[text.index(text.startIndex, offsetBy: lineStart)...])
        if (try? JournalRecord.decode(tail)) != nil {
            // Whole but for its newline: complete it (a NUL after, as every write leaves).
            let handle = try FileHandle(forUpdating: url(ofSegment: end.segment))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(end.offset))
            try handle.write(contentsOf: Data([0x0A, 0]))
            try handle.synchronize()
            return JournalPosition(segment: end.segment, offset: end.offset + 1)
        }
        let position = JournalPosition(segment: end.segment, offset: Int64(lineStart))
        try truncate(to: position)
        return position
    }

    /// Whether there is text past `position` (an unconfirmed line), in its segment or a later one.
    func hasText(after position: JournalPosition) throws -> Bool {
        for index in try segments() where index >= position.segment {
            let handle = try FileHandle(forReadingFrom: url(ofSegment: index))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(index == position.segment ? position.offset : 0))
            if let byte = try handle.read(upToCount: 1)?.first, byte != 0 { return true }
        }
        return false
    }

    /// Every record, in order, with the segment it is in. A line that does not decode throws
    /// `JOURNAL_CORRUPT` (and stays on disk), except the very last line of the journal, which
    /// a power loss may have torn mid-write (its document was never committed).
    func records() throws -> [(segment: Int, record: JournalRecord)] {
        let indexes = try segments()
        var records: [(segment: Int, record: JournalRecord)] = []
        for index in indexes {
            records += try self.records(ofSegment: index, isLast: index == indexes.last).map { (index, $0) }
        }
        return records
    }

    /// One segment's records; `isLast`: it ends the journal, so its last line may be torn.
    func records(ofSegment index: Int, isLast: Bool) throws -> [JournalRecord] {
        try lines(ofSegment: index, isLast: isLast) { try JournalRecord.decode(Data($0)) }
    }

    /// The ids of one segment's documents (not the segment being written, so no line is torn),
    /// for pruning: read from each line without decoding it (``JournalRecord/documentID(_:)``).
    func documentIDs(ofSegment index: Int) throws -> [UUID] {
        try lines(ofSegment: index, isLast: false) { try JournalRecord.documentID($0) }.compactMap { $0 }
    }

    /// `read` of each line of one segment, found by its newline in the raw bytes. A line it
    /// cannot read throws `JOURNAL_CORRUPT` (the file stays as it is), except, when `isLast`,
    /// the segment's last line (torn by a power loss).
    private func lines<T>(ofSegment index: Int, isLast: Bool, _ read: (UnsafeRawBufferPointer) throws -> T) throws -> [T] {
        let contents = try contents(ofSegment: index)
        return try contents.withUnsafeBytes { bytes in
            var lines: [Range<Int>] = []
            var start = 0
            while start < bytes.count, let base = bytes.baseAddress {
                let end = memchr(base + start, 0x0A, bytes.count - start).map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? bytes.count
                lines.append(start..<end)
                start = end + 1
            }
            let lastText = lines.lastIndex { !$0.isEmpty }
            var values: [T] = []
            for (number, line) in lines.enumerated() where !line.isEmpty {
                do {
                    values.append(try read(UnsafeRawBufferPointer(rebasing: bytes[line])))
                } catch {
                    if isLast, number == lastText { continue }
                    throw RegisterError(.journalCorrupt, """
                        La línea \(number + 1) (byte \(line.lowerBound)) de \(url(ofSegment: index).path) no se puede leer. \
                        No se ha modificado; consérvelo y avise a soporte técnico.
                        """)
                }
            }
            return values
        }
    }

    /// Every offline document entry, in order (see ``records()`` for what fails).
    func entries() throws -> [JournalEntry] {
        try records().compactMap { if case .document(let entry) = $0.record { entry } else { nil } }
    }

    // MARK: - Snapshot

    /// What offline selling needs beside the documents, replaced whole (written to a temporary
    /// file, synced, renamed over the old one, directory synced), so it is either the old or
    /// the new one after a crash.
    func writeSnapshot(_ snapshot: JournalSnapshot) throws {
        let url = directory.appendingPathComponent(Self.snapshotName)
        let temporary = directory.appendingPathComponent(Self.snapshotName + ".tmp")
        do {
            let data = try WireJSON.encoder.encode(snapshot)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw RegisterError(.journalUnwritable, detail: temporary.path, "No se pudo crear el archivo de estado.")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw RegisterError(.journalUnwritable, detail: url.path, "No se pudo reemplazar el archivo de estado.")
            }
        } catch let error as RegisterError {
            throw error
        } catch {
            throw Self.unwritable(directory, error)
        }
        try Self.syncDirectory(directory)
    }

    /// The last snapshot written, nil when there is none (a journal from before snapshots).
    func snapshot() throws -> JournalSnapshot? {
        let url = directory.appendingPathComponent(Self.snapshotName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw Self.unreadable(url, error) }
        do { return try WireJSON.decoder.decode(JournalSnapshot.self, from: data) } catch {
            throw RegisterError(.journalCorrupt, detail: url.path, "Su archivo de estado no se puede leer: \(error)")
        }
    }

    // MARK: - Helpers

    private static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw RegisterError(.journalUnwritable, detail: directory.path, "No se puede abrir su directorio.")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw RegisterError(.journalUnwritable, detail: directory.path, "No se pudo sincronizar su directorio.")
        }
    }

    private func mismatch(_ url: URL, _ position: JournalPosition) -> RegisterError {
        RegisterError(.journalMismatch, """
            \(url.path) no termina donde la caja lo dejó (byte \(position.offset)). No se escribió nada; \
            avise a soporte técnico.
            """)
    }

    static func unreadable(_ url: URL, _ error: any Error) -> RegisterError {
        RegisterError(.journalUnreadable, detail: "\(url.path): \(error)")
    }

    static func unwritable(_ url: URL, _ error: any Error) -> RegisterError {
        RegisterError(.journalUnwritable, detail: "\(url.path): \(error)")
    }
}
