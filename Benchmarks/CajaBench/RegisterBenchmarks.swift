import CajaCore
import CajaRegister
import CajaServer
import Foundation
import GRDB
import SQLKit

/// 1. One offline document committed durably on the register (store + outbox + journal,
/// fsync), against a bare SQLite insert of a row of the same size with the same pragmas.
/// 2. Sync of many offline documents to a server, end to end, against batch-inserting the
/// same rows straight into the same database.
enum RegisterBenchmarks {
    static let reason = "Benchmark: sin internet, proveedor caído"

    /// A register logged in to `server`, offline, with a block big enough for `count` sales.
    static func offlineRegister(_ server: BenchServer, count: Int, scratch: Scratch) async throws -> Register {
        var configuration = RegisterConfiguration(home: scratch.url.appendingPathComponent("register"))
        configuration.blockSize = max(count + 10, 100)
        configuration.blockLowWater = 1
        let register = try Register(configuration)
        try await register.login(server: server.url, user: "cajero", password: "cajero1234", pointOfSale: "001", device: "bench-\(UUID())")
        _ = try register.activateOffline(reason: reason, acceptTerms: true)
        return register
    }

    static let items = [SaleItem(code: "7504", quantity: Quantity(2)), SaleItem(code: "7501", quantity: Quantity(1))]

    static func offlineIssuance(count: Int) async throws -> [Result] {
        let server = try await BenchServer(postgres: nil)
        let scratch = Scratch()
        defer { scratch.remove() }
        let register = try await offlineRegister(server, count: count + 20, scratch: scratch)
        for _ in 0..<20 { _ = try await register.sell(items) }   // warm-up
        var ours = Samples()
        var last: StoredDocument?
        log("sales of \(count) begin")   // marks the window for a profiler attached from outside
        for _ in 0..<count {
            last = try await ours.time { try await register.sell(items) }
        }
        log("sales end")
        let rowSize = try last.map { try JSONEncoder().encode($0.document).count } ?? 0
        await server.stop()
        let baseline = try await durableInserts(count, rowSize: rowSize, in: scratch)
        let pair = try await durableInserts(count, rowSize: rowSize, in: scratch, withCopy: true)
        let ratio = ours.p50 / baseline.p50
        return [
            Result(benchmark: "1. Offline issuance (register)", measure: "p50 latency", ours: Format.ms(ours.p50), baseline: Format.ms(baseline.p50),
                   ratio: Format.ratio(ratio), goal: "≤ 1.5×", met: ratio <= 1.5),
            Result(benchmark: "1. Offline issuance (register)", measure: "p50 latency against its two durable writes (N1: store and journal copy, at once)",
                   ours: Format.ms(ours.p50), baseline: "\(Format.ms(pair.p50)) insert + copy", ratio: Format.ratio(ours.p50 / pair.p50), goal: "—", met: nil),
            Result(benchmark: "1. Offline issuance (register)", measure: "p99 latency", ours: Format.ms(ours.p99), baseline: Format.ms(baseline.p99),
                   ratio: Format.ratio(ours.p99 / baseline.p99), goal: "—", met: nil),
            Result(benchmark: "1. Offline issuance (register)", measure: "documents/s (one after another)", ours: Format.rate(Double(count) / ours.total),
                   baseline: Format.rate(Double(count) / baseline.total), ratio: Format.ratio(baseline.total / ours.total), goal: "—", met: nil),
        ]
    }

    /// The baseline of a durable write: on the same file system, with the store's pragmas
    /// (WAL, synchronous=FULL), `count` commits of one row of `rowSize` bytes each. `withCopy`
    /// adds what N1 asks beside each commit, as the register does it: the same bytes written
    /// into a preallocated file in another directory and `fdatasync`ed on another thread while
    /// the commit runs, the sample ending when both are on disk. That is the floor of an
    /// offline sale with its journal on the same disk: two flushes the device may serialize.
    static func durableInserts(_ count: Int, rowSize: Int, in scratch: Scratch, withCopy: Bool = false) async throws -> Samples {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let queue = try DatabaseQueue(path: scratch.url.appendingPathComponent("baseline-\(UUID()).sqlite").path, configuration: configuration)
        try await queue.write { try $0.execute(sql: "CREATE TABLE rows (id TEXT PRIMARY KEY, data TEXT NOT NULL)") }
        let payload = String(repeating: "x", count: rowSize)
        var copy: FileCopy?
        if withCopy { copy = try FileCopy(directory: scratch.url.appendingPathComponent("copy-\(UUID())"), bytes: (rowSize + 64) * (count + 1)) }
        let line = Array((payload + "\n").utf8)
        var baseline = Samples()
        for index in 0..<count {
            try await baseline.time {
                let flushed = copy.map { copy in
                    let done = DispatchSemaphore(value: 0)
                    copy.queue.async { copy.write(line, at: index * line.count); done.signal() }
                    return done
                }
                try await queue.write { try $0.execute(sql: "INSERT INTO rows (id, data) VALUES (?, ?)", arguments: [UUID().uuidString, payload]) }
                flushed?.wait()
            }
        }
        return baseline
    }

    /// `count` offline sales, then one sync of them all: when it began and how long it took.
    static func timedSync(_ server: BenchServer, count: Int, scratch: Scratch) async throws -> (start: ContinuousClock.Instant, seconds: Double) {
        let register = try await offlineRegister(server, count: count, scratch: scratch)
        for _ in 0..<count { _ = try await register.sell(items) }
        log("sync of \(count) begins")   // marks the window for a profiler attached from outside
        let start = ContinuousClock.now
        let summary = try await register.sync()
        let elapsed = (ContinuousClock.now - start).seconds
        log("sync ends")
        guard summary.sent == count, summary.pending == 0 else { throw BenchError("sync sent \(summary.sent) of \(count)") }
        return (start, elapsed)
    }

    /// The same sync with the DGI worker off: the one run of group 2 with a part switched off,
    /// and its row says so and carries no goal. It shows the share of the sync's time taken by
    /// the queue signing, sending and recording the documents on the same cores and database.
    static func syncWithoutWorker(count: Int, postgres: String?, label: String) async throws -> Result {
        let server = try await BenchServer(postgres: postgres) { $0.dgiWorker = false }
        let scratch = Scratch()
        defer { scratch.remove() }
        let (_, elapsed) = try await timedSync(server, count: count, scratch: scratch)
        await server.stop()
        // The PostgreSQL database outlives this server, and the next group's server (worker
        // on) would sign and send this run's documents while it measures (the open loop's p99
        // doubled in a full run against a run of group 3 alone): a server with the worker on
        // empties the queue first, as a deployment would between a sync and the next load.
        if let postgres {
            let drainer = try await BenchServer(postgres: postgres)
            try await waitForQueue(drainer.app.database, states: [.unsigned, .pending, .sent])
            await drainer.stop()
        }
        return Result(benchmark: "2. Sync \(count) documents (\(label))", measure: "documents/s end to end, the DGI worker off (its share; not as shipped)",
                      ours: Format.rate(Double(count) / elapsed), baseline: "—", ratio: "—", goal: "—", met: nil)
    }

    /// Waits until no submission is in one of `states`.
    static func waitForQueue(_ database: any DatabaseDriver, states: [DGIState]) async throws {
        let list = states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        while true {
            let left = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM submissions WHERE state IN (\(unsafeRaw: list))").first(decodingColumn: "n", as: Int.self)
            }
            if (left ?? 0) == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func sync(count: Int, postgres: String?, label: String) async throws -> [Result] {
        let server = try await BenchServer(postgres: postgres)
        let scratch = Scratch()
        defer { scratch.remove() }
        let (start, elapsed) = try await timedSync(server, count: count, scratch: scratch)
        // The DGI queue signs what the sync stored, below the requests' priority (BackgroundCPU):
        // how long after the sync began every document was signed. Waited for before the
        // baseline, so the baseline does not compete with the signatures.
        let database = server.app.database
        try await waitForQueue(database, states: [.unsigned])
        let signedAfter = (ContinuousClock.now - start).seconds

        // Baseline: the same rows, as stored, sent again from this process in batches of 500
        // straight into a copy of the table (no validation, no signing, no HTTP).
        let table = "documents_copy_\(UUID().uuidString.prefix(8).lowercased())"
        let columns = ["id", "company_id", "point", "doc_type", "number", "cufe", "emission", "total_cents", "issued_at", "dgi_status",
                       "flags", "document_json", "xml", "qr_url", "received_at"]
        let rows = try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: columns.joined(separator: ", ")) FROM documents WHERE emission = 'contingency'").all()
        }
        let values: [[any Encodable & Sendable]] = try rows.map { row in
            try columns.map { column -> any Encodable & Sendable in
                ["number", "total_cents", "issued_at", "received_at"].contains(column)
                    ? try row.decode(column: column, as: Int64.self) : try row.decode(column: column, as: String.self)
            }
        }
        try await database.transaction { db in
            try await db.raw("CREATE TABLE \(unsafeRaw: table) AS SELECT * FROM documents WHERE 1 = 0").run()
        }
        let baselineStart = ContinuousClock.now
        for batch in stride(from: 0, to: values.count, by: 500) {
            let slice = Array(values[batch..<min(values.count, batch + 500)])
            try await database.transaction { db in
                var sql = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
                for (index, row) in slice.enumerated() {
                    sql.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                    for (position, value) in row.enumerated() {
                        if position > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                        sql.appendInterpolation(bind: value)
                    }
                    sql.appendInterpolation(unsafeRaw: ")")
                }
                try await db.raw(sql).run()
            }
        }
        let baselineElapsed = (ContinuousClock.now - baselineStart).seconds
        guard values.count >= count else { throw BenchError("baseline copied \(values.count) rows") }
        let documents = try rows.map { row in
            try WireJSON.decoder.decode(FiscalDocument.self, from: Data(try row.decode(column: "document_json", as: String.self).utf8))
        }
        await server.stop()
        let rate = Double(count) / elapsed
        let baseRate = Double(count) / baselineElapsed
        let bound = try SyncBound.measure(documents, sessionID: UUID())
        return [
            Result(benchmark: "2. Sync \(count) documents (\(label))", measure: "documents/s end to end", ours: Format.rate(rate),
                   baseline: "\(Format.rate(baseRate)) batch insert", ratio: Format.ratio(rate / baseRate), goal: "≥ 2,000 /s and ≥ 0.3×",
                   met: rate >= 2000 && rate / baseRate >= 0.3),
            Result(benchmark: "2. Sync \(count) documents (\(label))", measure: "every document signed by the DGI queue, from the sync's start",
                   ours: String(format: "%.1f s", signedAfter), baseline: String(format: "sync %.1f s", elapsed),
                   ratio: Format.ratio(signedAfter / elapsed), goal: "—", met: nil),
        ] + SyncBound.results(bound, insert: baselineElapsed / Double(count), measured: rate, label: label, count: count)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A preallocated file made durable with its size, written by `pwrite` + `fdatasync` on a
/// queue of its own: the journal's pattern without its framing (the baseline of N1's copy).
final class FileCopy: @unchecked Sendable {
    // Safe: the descriptor is only written from `queue`, one write at a time.
    let queue = DispatchQueue(label: "caja-bench.copy")
    private let descriptor: Int32

    init(directory: URL, bytes: Int) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("copy").path
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw BenchError("cannot open \(path)") }
        let zeros = [UInt8](repeating: 0, count: bytes)
        guard zeros.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, bytes, 0) }) == bytes, fsync(descriptor) == 0 else {
            throw BenchError("cannot preallocate \(path)")
        }
    }

    func write(_ bytes: [UInt8], at offset: Int) {
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, bytes.count, off_t(offset)) }
        _ = fdatasync(descriptor)
    }

    deinit { close(descriptor) }
}
