import CajaCore
import Foundation
import Logging
import AsyncHTTPClient

/// The DGI submission queue's worker (N5). It claims due submissions (a lease in the row,
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL so several server processes share the work), signs
/// the ones stored unsigned (every stored document, since issue 16: the upload and the sale
/// promise only "stored and checked"; RSA runs here, one claimed batch on every core, at a
/// lower CPU priority than the requests: ``BackgroundCPU``), sends
/// each signed rFE, records the attempt and moves the state: unsigned → pending → sent →
/// authorized or rejected. The signature is stored with the attempt's outcome, in one
/// transaction; RSA PKCS#1 v1.5 is deterministic, so a signature lost to a crash before that
/// commit is the same one when the document is signed again.
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

    /// Claims one batch of due submissions and sends them; returns how many it handled.
    func pass() async throws -> Int {
        guard let url = endpoint.url else { return 0 }
        let claimed = try await claim()
        await withTaskGroup(of: Void.self) { group in
            for item in claimed { group.addTask { await self.submit(item, to: url) } }
        }
        return claimed.count
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

    private func submit(_ item: SubmissionClaim, to url: String) async {
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
            let documents = self.documents
            let stored = try await database.read { db in try await documents.signedXML(id: item.document, company: item.company, db: db) }
            guard let (storedXML, cufeText) = stored else { await stopRenewing(); return }
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
                    await stopRenewing()
                    try await hold(item, version: version, notValidAfter: notValidAfter, started: started)
                    return
                case .failed(let reason):
                    await stopRenewing()
                    try await record(item, outcome: .notSigned(reason), started: started, signed: nil)
                    return
                }
            }
            let outcome = await client.send(signedXML: xml, environment: cufe.environment, messageID: UInt64(started.millis), to: url)
            await stopRenewing()
            try await record(item, outcome: .sent(outcome), started: started, signed: signed)
        } catch {
            await stopRenewing()
            logger.warning("dgi submission failed", metadata: ["document": "\(item.document)", "error": "\(error)"])
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

    private func renewLease(_ item: SubmissionClaim) async throws {
        let leaseEnd = clock().addingTimeInterval(settings.lease / .seconds(1))
        let submissions = self.submissions
        try await database.transaction { db in try await submissions.renewLease(item, until: leaseEnd, db: db) }
    }

    private func record(_ item: SubmissionClaim, outcome: Outcome, started: Date, signed: SignedDocument?) async throws {
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
        try await store(item, attempt)
    }

    /// Holds a submission whose company's certificate expired: not signed, not sent, claimed
    /// again once the company's settings version moves past `version`.
    private func hold(_ item: SubmissionClaim, version: Int64, notValidAfter: Date, started: Date) async throws {
        let now = clock()
        let detail = "\(DGIState.certificateExpired.spanishName) (venció el \(PanamaTime.dgiTimestamp(notValidAfter)))"
        try await store(item, SubmissionAttempt(state: .certificateExpired, detail: detail, started: started, finished: now,
                                                retryAt: now, heldVersion: version))
    }

    private func store(_ item: SubmissionClaim, _ attempt: SubmissionAttempt) async throws {
        let (documents, submissions, recorded) = (self.documents, self.submissions, attempt)
        try await database.transaction { db in
            // The document's state follows, an open one only while it is still open; its new
            // signature, if it was signed, in the same statement (one row version, issue 16).
            try await documents.setDGIState(recorded.state, id: item.document, company: item.company,
                                            onlyFrom: recorded.state.isFinal ? nil : DGIState.open, signed: recorded.signed, db: db)
            try await submissions.record(item, attempt: recorded, db: db)
        }
        metrics.increment("caja_dgi_attempts_total", labels: "outcome=\"\(attempt.state.rawValue)\"")
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
