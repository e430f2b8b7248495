import CajaCore
import Foundation

extension Register {
    /// `caja sync` (N3, O11): sends pending documents oldest first, in batches, each batch
    /// with the sessions and grants it needs. A document leaves the outbox only on the
    /// server's answer; conflicts and rejections are kept in the store and reported. When the
    /// server does not answer, the batch is retried with doubling waits and jitter, then the
    /// command fails with exit 4 and everything unsent stays pending. Outside modo offline it
    /// then tops up the number blocks, and it removes journal segments the server has
    /// answered for.
    ///
    /// Batches go in ``RegisterConfiguration/syncLanes`` lanes at once (issue 16, item 2):
    /// while the server checks and stores one, the register reads and encodes the next and
    /// the server decodes it, so neither side waits for the other's round trip. Each lane
    /// takes the next documents in issue order after the last ones taken, so no document is
    /// in two batches; the server judges N4's time order against stored neighbours on both
    /// sides, so a batch stored before the one ahead of it is judged the same. When a lane
    /// fails, the other finishes the batch it has in flight (its answer is kept) and stops.
    @discardableResult
    public func sync() async throws(RegisterError) -> SyncSummary {
        let login = try requireLogin()
        let client = client(login)
        let progress = SyncProgress()
        let lanes = max(1, configuration.syncLanes)
        let outcome = await withTaskGroup(of: RegisterError?.self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    do throws(RegisterError) { try await self.syncLane(client: client, progress: progress); return nil } catch { return error }
                }
            }
            var first: RegisterError?
            for await error in group where first == nil { first = error; if error != nil { progress.stop() } }
            return first
        }
        if let outcome { throw outcome }
        var summary = progress.summary
        summary.pending = try run { try store.pendingCount() }
        // Not in modo offline: keep the blocks topped up for the next outage (N2); a failure
        // there changes nothing of what the sync did.
        if try run({ try store.activeSession() }) == nil {
            try? await topUpBlocks(login)
            // Online: a changed price or product reaches this register now (issue 14, item 3).
            _ = try? await refreshCatalog()
        }
        // Segments whose documents the server has now answered for are no longer needed (N1).
        // A journal that cannot be read is reported, but does not undo a sync that happened.
        do { try store.pruneJournal() } catch {
            summary.journalProblem = (error as? RegisterError)?.message ?? "\(error)"
        }
        return summary
    }

    /// One lane of ``sync()``: claims the next batch after the last claimed, sends it, applies
    /// the answers, until the outbox has nothing after what was claimed or a lane failed.
    private func syncLane(client: ServerClient, progress: SyncProgress) async throws(RegisterError) {
        while let batch = try progress.claim({ after throws(RegisterError) in
            try run { try store.pending(limit: configuration.syncBatchSize, bytes: configuration.syncBatchBytes, after: after) }
        }) {
            let (sessions, grants) = try run { try store.sessionsAndGrants(for: batch) }
            let body = try run { try SyncRequest.wireJSON(stored: batch.map(\.upload), sessions: sessions, grants: grants) }
            let response = try await send(body, client: client, ids: batch.map(\.id))
            try run { try store.apply(response.results, at: now) }
            progress.count(response.results)
            // A server that answers without a result for some document would loop forever.
            guard !response.results.isEmpty else {
                throw RegisterError(.syncNoResults)
            }
        }
    }

    /// `error` worded for the state the register is in: one already in modo offline is not
    /// told to activate it, but that its documents stay pending until the connection returns.
    func explained(_ error: RegisterError) -> RegisterError {
        guard error.kind == .unavailable, (try? store.activeSession()) != nil else { return error }
        return error.forOfflineRegister(pending: (try? store.pendingCount()) ?? 0)
    }

    /// The wait before try `attempt + 1`: doubling from ``RegisterConfiguration/retryBase``
    /// with jitter, and at least the server's `Retry-After` (capped).
    func retryWait(after attempt: Int, error: RegisterError) -> Duration {
        let base = configuration.retryBase * (1 << (attempt - 1))
        let jitter = Duration.milliseconds(Int.random(in: 0...max(1, Int(base / .milliseconds(1)) / 2)))
        guard let asked = error.retryAfter else { return base + jitter }
        return max(base + jitter, min(asked, configuration.maxRetryAfter))
    }

    private func send(_ body: Data, client: ServerClient, ids: [UUID]) async throws(RegisterError) -> SyncResponse {
        var attempt = 0
        while true {
            do {
                return try await client.sync(json: body)
            } catch {
                attempt += 1
                try? run { try store.noteFailedAttempt(ids, error: error.code) }
                guard error.kind == .unavailable, attempt < configuration.syncAttempts else { throw explained(error) }
                try? await Task.sleep(for: retryWait(after: attempt, error: error))
            }
        }
    }

    /// Keeps enough numbers per offline type (01, 06) for an outage nobody predicted (N2):
    /// while online, blocks are requested (sized by the server unless `blockSize` says) until
    /// the register holds the server's `sizing.refillBelow`, or, without sizing advice, at least
    /// `blockLowWater`. Never more requests than the server allows active blocks, and a
    /// TOO_MANY_BLOCKS refusal ends the top-up of that type. `refreshSizing` first asks the
    /// server for its current advice (`GET /v1/blocks`; login and back online).
    func topUpBlocks(_ login: RegisterLogin, refreshSizing: Bool = false) async throws(RegisterError) {
        let client = client(login)
        if refreshSizing, let held = try? await client.blocks() { try run { try store.saveSizing(held) } }
        for type in [DocumentType.invoice, .genericCreditNote] {
            for _ in 0..<NumberBlock.maxHeldPerType {
                let remaining = try run { try store.blockBalances() }.first { $0.type == type.dgiCode }?.remaining ?? 0
                let sizing = try run { try store.sizing(for: type) }
                guard Self.needsBlock(remaining: remaining, sizing: sizing, lowWater: configuration.blockLowWater) else { break }
                let grant: SignedNumberBlock
                do {
                    grant = try await client.reserveBlock(type, size: configuration.blockSize)
                } catch where error.errorCode == .tooManyBlocks {
                    break
                }
                try run { try store.addBlocks([grant]) }
            }
        }
    }

    /// Whether a type with `remaining` numbers needs another block: below the server's
    /// ``BlockSizing/refillBelow`` when it advised one, else below the low-water mark.
    public static func needsBlock(remaining: Int64, sizing: BlockSizing?, lowWater: Int64) -> Bool {
        if let sizing { return remaining < Int64(sizing.refillBelow) }
        return remaining < lowWater
    }

    /// `caja z-report` (O9): online only; pending documents are sent first so the report
    /// includes them.
    public func zReport(day: Date? = nil) async throws(RegisterError) -> ZReport {
        let login = try requireLogin()
        if try run({ try store.activeSession() }) != nil {
            throw RegisterError(.offlineZReport, "Use: caja offline off")
        }
        let summary = try await sync()
        guard summary.pending == 0 else { throw RegisterError.unsent(summary.pending, action: "hacer el Reporte Z") }
        let date = PanamaTime.dgiTimestamp(day ?? now).prefix(10)
        return try await client(login).zReport(ZReportRequest(pointOfSale: login.pointOfSale, day: String(date)))
    }

    /// `caja recover` (N1): rebuilds unsent documents from the journal into the store; a
    /// following `caja sync` sends them, and the server keeps each once (N3).
    public func recover() throws(RegisterError) -> Int {
        try run { try store.recoverFromJournal() }
    }
}
