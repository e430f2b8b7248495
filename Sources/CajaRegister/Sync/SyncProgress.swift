import CajaCore
import Synchronization

/// What the lanes of one ``Register/sync()`` share: where in the outbox's issue order the
/// last batch claimed ended, the answers counted so far, and whether a lane failed.
final class SyncProgress: Sendable {
    private struct State {
        var after: OutboxPosition?
        var exhausted = false
        var stopped = false
        var summary = SyncSummary()
    }

    private let state = Mutex(State())

    var summary: SyncSummary { state.withLock { $0.summary } }

    /// A lane failed: the others take no new batch.
    func stop() { state.withLock { $0.stopped = true } }

    /// The next batch, read by `read` after the last one claimed and under the lock, so two
    /// lanes never read the same documents; nil when the outbox has nothing after it or a
    /// lane failed.
    func claim(_ read: (OutboxPosition?) throws(RegisterError) -> [OutboxItem]) throws(RegisterError) -> [OutboxItem]? {
        try state.withLock { (state: inout State) throws(RegisterError) -> [OutboxItem]? in
            guard !state.exhausted, !state.stopped else { return nil }
            let batch = try read(state.after)
            guard let last = batch.last else {
                state.exhausted = true
                return nil
            }
            state.after = last.position
            return batch
        }
    }

    func count(_ results: [SyncResult]) {
        state.withLock { state in
            for result in results {
                switch result.status {
                case .accepted: state.summary.sent += 1
                case .duplicate: state.summary.sent += 1; state.summary.duplicates += 1
                case .conflict: state.summary.conflicts += 1
                case .rejected: state.summary.rejected += 1
                }
            }
        }
    }
}
