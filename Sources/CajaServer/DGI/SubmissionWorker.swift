import CajaCore
import Foundation
import Logging
import SQLKit

/// The DGI submission queue's worker (N5). It claims due submissions (a lease in the row,
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL so several server processes share the work), sends
/// each signed rFE, records the attempt and moves the state: pending → sent → authorized or
/// rejected. Failures wait with exponential backoff and jitter. Everything is in the
/// database, so a restart loses nothing, and an authorized submission is never claimed
/// again, so nothing is sent twice after its authorization.
final class SubmissionWorker: Sendable {
    struct Settings: Sendable {
        var pollInterval: Duration
        var backoffBase: Duration
        var backoffMax: Duration
        var batchSize: Int
        /// A claimed row is left alone by other workers this long.
        var lease: Duration
        var timeout: Duration
    }

    let database: any DatabaseDriver
    let settings: Settings
    let client: DGIClient
    let metrics: Metrics
    let logger: Logger
    /// Scheduling runs on real time (how long to wait before a retry), not the business clock.
    let clock: @Sendable () -> Date
    private let endpoint: Endpoint
    private let wakeUp = WakeSignal()

    init(database: any DatabaseDriver, settings: Settings, url: String?, metrics: Metrics, logger: Logger,
         clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        client = DGIClient(http: DGIClient.shared, timeout: .milliseconds(Int64(max(1, settings.timeout / .milliseconds(1)))))
        endpoint = Endpoint(url)
    }

    /// Where the reception service is; the embedded simulator's URL is known only once the
    /// server listens.
    func setURL(_ url: String) {
        endpoint.set(url)
        wake()
    }

    /// Asks for a pass now (a document was just stored).
    func wake() { wakeUp.signal() }

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            var worked = 0
            if endpoint.url != nil {
                do { worked = try await pass() } catch {
                    logger.warning("dgi queue pass failed", metadata: ["error": "\(error)"])
                }
            }
            // A full batch may mean more is due: go again at once. Otherwise sleep until a
            // document is stored or the poll interval ends (retries falling due).
            if worked < settings.batchSize { await wakeUp.wait(timeout: settings.pollInterval) }
        }
    }

    /// Claims one batch of due submissions and sends them; returns how many it handled.
    func pass() async throws -> Int {
        guard let url = endpoint.url else { return 0 }
        let claimed = try await claim()
        await withTaskGroup(of: Void.self) { group in
            for item in claimed { group.addTask { await self.submit(item, to: url) } }
        }
        return claimed.count
    }

    struct Claimed: Sendable {
        var company: String
        var document: String
        var attempt: Int
    }

    private func claim() async throws -> [Claimed] {
        let now = clock().millis
        let leaseEnd = now + Int64(settings.lease / .milliseconds(1))
        let lock: SQLQueryString = database.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let limit = settings.batchSize
        metrics.increment("caja_dgi_claims_total", labels: "")
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE submissions SET lease_until = \(bind: leaseEnd), attempts = attempts + 1
                WHERE (company_id, document_id) IN (
                  SELECT company_id, document_id FROM submissions
                  WHERE state IN ('pending', 'sent') AND next_attempt_at <= \(bind: now)
                    AND (lease_until IS NULL OR lease_until < \(bind: now))
                  ORDER BY next_attempt_at LIMIT \(bind: limit) \(lock))
                RETURNING company_id, document_id, attempts
                """).all().map {
                Claimed(company: try $0.decode(column: "company_id", as: String.self),
                        document: try $0.decode(column: "document_id", as: String.self),
                        attempt: try $0.decode(column: "attempts", as: Int.self))
            }
        }
    }

    private func submit(_ item: Claimed, to url: String) async {
        let started = clock()
        // The lease is renewed while the send is in flight, so a slow answer (a loaded
        // machine, a slow DGI) is never raced by another worker's second send.
        let renewal = Task { [settings] in
            while true {
                guard (try? await Task.sleep(for: settings.lease / 3)) != nil else { return }
                try? await renewLease(item)
            }
        }
        // Ended (and waited for) before the outcome is recorded, so a renewal still queued
        // for the database cannot re-lease the row after `record` released it.
        func stopRenewing() async {
            renewal.cancel()
            await renewal.value
        }
        do {
            let row = try await database.read { db in
                try await db.raw("""
                    SELECT xml, cufe FROM documents WHERE company_id = \(bind: item.company) AND id = \(bind: item.document)
                    """).first()
            }
            guard let row else { await stopRenewing(); return }
            let xml = try row.decode(column: "xml", as: String.self)
            let environment = (try? CUFE(parsing: row.decode(column: "cufe", as: String.self)))?.environment ?? "2"
            let outcome = await client.send(signedXML: xml, environment: environment, messageID: UInt64(started.millis), to: url)
            await stopRenewing()
            try await record(item, outcome: outcome, started: started)
        } catch {
            await stopRenewing()
            logger.warning("dgi submission failed", metadata: ["document": "\(item.document)", "error": "\(error)"])
        }
    }

    private func renewLease(_ item: Claimed) async throws {
        let leaseEnd = clock().millis + Int64(settings.lease / .milliseconds(1))
        try await database.transaction { db in
            try await db.raw("""
                UPDATE submissions SET lease_until = \(bind: leaseEnd)
                WHERE company_id = \(bind: item.company) AND document_id = \(bind: item.document) AND state IN ('pending', 'sent')
                  AND attempts = \(bind: item.attempt) AND lease_until IS NOT NULL
                """).run()
        }
    }

    private func record(_ item: Claimed, outcome: DGIClient.Outcome, started: Date) async throws {
        let now = clock()
        let (state, detail): (String, String)
        var protocolNumber: String?
        var code: String?
        var message: String?
        switch outcome {
        case .answered(let answer) where answer.isAuthorized:
            (state, detail) = ("authorized", "dProAut \(answer.authorization ?? "")")
            protocolNumber = answer.authorization
            code = answer.results.first?.code
            message = answer.results.first?.message
        case .answered(let answer):
            code = answer.results.map(\.code).joined(separator: ",")
            message = answer.results.map(\.message).joined(separator: " · ")
            (state, detail) = ("rejected", "\(code ?? ""): \(message ?? "")")
        case .notProcessed(let reason):
            (state, detail) = (item.attempt > 1 ? "sent" : "pending", reason)
        case .unknown(let reason):
            (state, detail) = ("sent", reason)
        }
        let retryAt = now.addingTimeInterval(backoff(attempt: item.attempt)).millis
        let final = state == "authorized" || state == "rejected"
        let (protocolNumberValue, codeValue, messageValue) = (protocolNumber, code, message)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO submission_attempts (company_id, document_id, attempt, started_at, finished_at, outcome, detail)
                VALUES (\(bind: item.company), \(bind: item.document), \(bind: item.attempt), \(bind: started.millis),
                        \(bind: now.millis), \(bind: state), \(bind: String(detail.prefix(500))))
                """).run()
            if final {
                // `state <> 'authorized'`: an authorization is never overwritten.
                try await db.raw("""
                    UPDATE submissions SET state = \(bind: state), protocol = \(bind: protocolNumberValue),
                      authorized_at = \(bind: state == "authorized" ? now.millis : nil), result_code = \(bind: codeValue),
                      result_message = \(bind: messageValue), lease_until = NULL, last_error = NULL
                    WHERE company_id = \(bind: item.company) AND document_id = \(bind: item.document) AND state <> 'authorized'
                    """).run()
                try await db.raw("""
                    UPDATE documents SET dgi_status = \(bind: state)
                    WHERE company_id = \(bind: item.company) AND id = \(bind: item.document)
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE submissions SET state = \(bind: state), next_attempt_at = \(bind: retryAt), lease_until = NULL,
                      last_error = \(bind: String(detail.prefix(500)))
                    WHERE company_id = \(bind: item.company) AND document_id = \(bind: item.document) AND state IN ('pending', 'sent')
                    """).run()
                try await db.raw("""
                    UPDATE documents SET dgi_status = \(bind: state)
                    WHERE company_id = \(bind: item.company) AND id = \(bind: item.document) AND dgi_status IN ('pending', 'sent')
                    """).run()
            }
        }
        metrics.increment("caja_dgi_attempts_total", labels: "outcome=\"\(state)\"")
    }

    /// Exponential backoff with jitter: base × 2^(attempt-1), capped, then a random share of
    /// it between a half and the whole (so many documents failing together spread out).
    func backoff(attempt: Int) -> TimeInterval {
        let base = settings.backoffBase / .seconds(1)
        let cap = settings.backoffMax / .seconds(1)
        let full = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return full * Double.random(in: 0.5...1)
    }

    /// The service URL, set once the server knows its own address (embedded simulator).
    private final class Endpoint: @unchecked Sendable {
        // `value` is only read and written while `lock` is held.
        private let lock = NSLock()
        private var value: String?

        init(_ url: String?) { value = url }

        var url: String? { lock.withLock { value } }

        func set(_ url: String) { lock.withLock { value = url } }
    }
}
