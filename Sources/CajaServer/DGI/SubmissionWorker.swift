import CajaCore
import Foundation
import Logging
import AsyncHTTPClient
import SQLKit

/// The DGI submission queue's worker (N5). It claims due submissions (a lease in the row,
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL so several server processes share the work), signs
/// the ones stored unsigned (every stored document, since issue 16: the upload and the sale
/// promise only "stored and checked"; RSA runs here, one claimed batch on every core, at a
/// lower CPU priority than the requests: ``BackgroundCPU``), sends
/// each signed rFE, records the attempt and moves the state: unsigned → pending → sent →
/// authorized or rejected. The signature is stored with the attempt's outcome; a claimed
/// batch's outcomes are recorded together in one transaction once all of its sends are done
/// (issue 16: one commit per batch instead of one per document, fewer writes in the requests'
/// way; the batch's leases are renewed until then). RSA PKCS#1 v1.5 is deterministic, so a
/// signature lost to a crash before that commit is the same one when the document is signed
/// again; a send whose outcome a crash kept from being recorded is sent again once its lease
/// runs out, as it would be with a crash right after one document's send.
///
/// With the company's certificate past its validity (the business clock), nothing is signed
/// or sent: the submission is held as `certificateExpired` with the company's settings
/// version, and the claim takes it up again by itself once that version moves (a new
/// certificate was uploaded), with no extra query and no spinning. Failures wait with exponential backoff and jitter. Everything is in the
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
    let documents: any DocumentRepository
    let submissions: any SubmissionRepository
    let settings: Settings
    let client: DGIClient
    let metrics: Metrics
    let logger: Logger
    /// Scheduling runs on real time (how long to wait before a retry), not the business clock.
    let clock: @Sendable () -> Date
    /// The business clock (``Dependencies/clock``): a certificate's expiry is judged by it.
    let businessClock: ServerClock
    let companies: CompanyService
    /// The jitter of the backoff.
    let random: RandomSource
    private let endpoint: Endpoint
    private let wakeUp = WakeSignal()

    init(database: any DatabaseDriver, repositories: Repositories, settings: Settings, url: String?, http: HTTPClient,
         random: RandomSource, companies: CompanyService, metrics: Metrics, logger: Logger, clock: @escaping @Sendable () -> Date,
         businessClock: ServerClock) {
        self.database = database
        documents = repositories.documents
        submissions = repositories.submissions
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.businessClock = businessClock
        self.companies = companies
        self.random = random
        client = DGIClient(http: http, timeout: .milliseconds(Int64(max(1, settings.timeout / .milliseconds(1)))))
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

    /// Works the queue until cancelled (``run()`` as a service: until the group shuts down).
    func work() async {
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

    /// Claims one batch of due submissions, sends them, and records their outcomes in one
    /// transaction; returns how many it handled.
    func pass() async throws -> Int {
        guard let url = endpoint.url else { return 0 }
        let claimed = try await claim()
        guard !claimed.isEmpty else { return 0 }
        // The leases are renewed while sends are in flight, so a slow answer (a loaded
        // machine, a slow DGI) is never raced by another worker's second send. Ended (and
        // waited for) before the outcomes are recorded, so a renewal still queued for the
        // database cannot re-lease a row after the record released it.
        let renewal = Task { [settings] in
            while true {
                guard (try? await Task.sleep(for: settings.lease / 3)) != nil else { return }
                try? await renewLeases(claimed)
            }
        }
        let outcomes = await withTaskGroup(of: Recorded?.self) { group in
            for item in claimed { group.addTask { await self.submit(item, to: url) } }
            var outcomes: [Recorded] = []
            for await outcome in group { if let outcome { outcomes.append(outcome) } }
            return outcomes
        }
        renewal.cancel()
        await renewal.value
        await store(outcomes)
        return claimed.count
    }

    /// A claimed submission with the attempt to record for it.
    private struct Recorded {
        var item: SubmissionClaim
        var attempt: SubmissionAttempt
    }

    private func claim() async throws -> [SubmissionClaim] {
        let now = clock()
        let leaseEnd = now.addingTimeInterval(settings.lease / .seconds(1))
        let (limit, submissions) = (settings.batchSize, self.submissions)
        metrics.increment("caja_dgi_claims_total", labels: "")
        return try await database.transaction { db in
            try await submissions.claim(dueAt: now, leaseUntil: leaseEnd, limit: limit, db: db)
        }
    }

    /// Signs (when it is stored unsigned) and sends one claimed submission: the attempt to
    /// record, nil when there is nothing to record (the document is gone, or a failure was
    /// logged; its lease then runs out and it is claimed again).
    private func submit(_ item: SubmissionClaim, to url: String) async -> Recorded? {
        let started = clock()
        do {
            let documents = self.documents
            let stored = try await database.read { db in try await documents.signedXML(id: item.document, company: item.company, db: db) }
            guard let (storedXML, cufeText) = stored else { return nil }
            let cufe = try CUFE(parsing: cufeText)
            var xml = storedXML
            var signed: SignedDocument?
            // The state says whether it is signed; the XML is checked too, so a document can
            // never be sent without its signature.
            if item.state.needsSignature || !storedXML.contains("<SignatureValue>") {
                switch await sign(storedXML, cufe: cufe, company: item.company) {
                case .signed(let document):
                    (signed, xml) = (document, document.xml)
                case .expired(let version, let notValidAfter):
                    return Recorded(item: item, attempt: held(version: version, notValidAfter: notValidAfter, started: started))
                case .failed(let reason):
                    return Recorded(item: item, attempt: attempt(item, outcome: .notSigned(reason), started: started, signed: nil))
                }
            }
            let outcome = await client.send(signedXML: xml, environment: cufe.environment, messageID: UInt64(started.millis), to: url)
            return Recorded(item: item, attempt: attempt(item, outcome: .sent(outcome), started: started, signed: signed))
        } catch {
            logger.warning("dgi submission failed", metadata: ["document": "\(item.document)", "error": "\(error)"])
            return nil
        }
    }

    private enum Signing {
        case signed(SignedDocument)
        /// The certificate read at this settings version expired at `notValidAfter`.
        case expired(version: Int64, notValidAfter: Date)
        case failed(String)
    }

    /// Signs a stored rFE with the company's current certificate, unless it has expired.
    private func sign(_ xml: String, cufe: CUFE, company: UUID) async -> Signing {
        do {
            let (signer, version) = try await companies.versionedSigner(of: company)
            let notValidAfter = signer.credentials.certificate.notValidAfter
            if signer.certificateExpired(at: businessClock.now()) { return .expired(version: version, notValidAfter: notValidAfter) }
            // Below the requests' priority: nobody waits for a signature (BackgroundCPU).
            let signed = try await BackgroundCPU.shared.run { try signer.sign(preparedXML: xml, cufe: cufe) }
            metrics.increment("caja_dgi_signatures_total", labels: "")
            return .signed(signed)
        } catch {
            return .failed("\(error)")
        }
    }

    /// What one claimed submission came to.
    private enum Outcome {
        case sent(DGIClient.Outcome)
        /// Signing failed (not for an expired certificate): retried with backoff, still unsigned.
        case notSigned(String)
    }

    private func renewLeases(_ items: [SubmissionClaim]) async throws {
        let leaseEnd = clock().addingTimeInterval(settings.lease / .seconds(1))
        let submissions = self.submissions
        try await database.transaction { db in
            for item in items { try await submissions.renewLease(item, until: leaseEnd, db: db) }
        }
    }

    private func attempt(_ item: SubmissionClaim, outcome: Outcome, started: Date, signed: SignedDocument?) -> SubmissionAttempt {
        let now = clock()
        var attempt = SubmissionAttempt(state: .pending, detail: "", started: started, finished: now,
                                        retryAt: now.addingTimeInterval(backoff(attempt: item.attempt)), signed: signed)
        switch outcome {
        case .sent(.answered(let answer)) where answer.isAuthorized:
            (attempt.state, attempt.detail) = (.authorized, "dProAut \(answer.authorization ?? "")")
            attempt.protocolNumber = answer.authorization
            attempt.code = answer.results.first?.code
            attempt.message = answer.results.first?.message
        case .sent(.answered(let answer)):
            attempt.code = answer.results.map(\.code).joined(separator: ",")
            attempt.message = answer.results.map(\.message).joined(separator: " · ")
            (attempt.state, attempt.detail) = (.rejected, "\(attempt.code ?? ""): \(attempt.message ?? "")")
        case .sent(.notProcessed(let reason)):
            (attempt.state, attempt.detail) = (item.attempt > 1 ? .sent : .pending, reason)
        case .sent(.unknown(let reason)):
            (attempt.state, attempt.detail) = (.sent, reason)
        case .notSigned(let reason):
            (attempt.state, attempt.detail) = (.unsigned, "no se pudo firmar: \(reason)")
        }
        return attempt
    }

    /// The hold of a submission whose company's certificate expired: not signed, not sent,
    /// claimed again once the company's settings version moves past `version`.
    private func held(version: Int64, notValidAfter: Date, started: Date) -> SubmissionAttempt {
        let now = clock()
        let detail = "\(DGIState.certificateExpired.spanishName) (venció el \(PanamaTime.dgiTimestamp(notValidAfter)))"
        return SubmissionAttempt(state: .certificateExpired, detail: detail, started: started, finished: now, retryAt: now,
                                 heldVersion: version)
    }

    /// Records a batch's attempts in one transaction; when that fails, each in its own, so
    /// one that cannot be recorded does not hold back the others (it is claimed again once
    /// its lease runs out).
    private func store(_ outcomes: [Recorded]) async {
        guard !outcomes.isEmpty else { return }
        let (documents, submissions) = (self.documents, self.submissions)
        @Sendable func write(_ recorded: Recorded, _ db: any SQLDatabase) async throws {
            // The document's state follows, an open one only while it is still open; its new
            // signature, if it was signed, in the same statement (one row version, issue 16).
            let (item, attempt) = (recorded.item, recorded.attempt)
            try await documents.setDGIState(attempt.state, id: item.document, company: item.company,
                                            onlyFrom: attempt.state.isFinal ? nil : DGIState.open, signed: attempt.signed, db: db)
            try await submissions.record(item, attempt: attempt, db: db)
        }
        var stored = outcomes
        do {
            try await database.transaction { db in for recorded in outcomes { try await write(recorded, db) } }
        } catch {
            stored = []
            for recorded in outcomes {
                do {
                    try await database.transaction { db in try await write(recorded, db) }
                    stored.append(recorded)
                } catch {
                    logger.warning("dgi submission not recorded", metadata: ["document": "\(recorded.item.document)", "error": "\(error)"])
                }
            }
        }
        for recorded in stored { metrics.increment("caja_dgi_attempts_total", labels: "outcome=\"\(recorded.attempt.state.rawValue)\"") }
    }

    /// Exponential backoff with jitter: base × 2^(attempt-1), capped, then a random share of
    /// it between a half and the whole (so many documents failing together spread out).
    func backoff(attempt: Int) -> TimeInterval {
        let base = settings.backoffBase / .seconds(1)
        let cap = settings.backoffMax / .seconds(1)
        let full = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        var generator = random.generator
        return full * Double.random(in: 0.5...1, using: &generator)
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
