import Foundation

/// Group commit for online issuance, per number sequence (company, point, type).
///
/// Every online document moves its sequence's counter with `UPDATE … RETURNING`, and the
/// row stays locked until the transaction commits (N2). Documents of one point of sale
/// therefore go through the database one commit (one fsync) at a time, however many
/// cashiers are waiting. Here, requests for a sequence that arrive while a transaction on
/// it is running wait in line, and the next transaction takes all of them: one counter
/// move of n numbers, one commit for n documents, signed on every core. A request that
/// finds its sequence idle starts a transaction at once, so nothing waits for a timer.
///
/// The numbers stay gapless and in arrival order, and the lock is the database's, so
/// several server processes stay correct. If a group's transaction fails (one draft that
/// cannot be built, an id stored concurrently), nothing of it was stored, and each
/// request of the group is tried again on its own, so one bad request never fails
/// another's.
actor IssuanceGroups<Request: Sendable, Record: Sendable> {
    typealias Commit = @Sendable ([Request]) async throws -> [Record]
    private typealias Waiting = (request: Request, continuation: CheckedContinuation<Record, any Error>)

    private let commit: Commit
    private let maxGroup: Int
    private var waiting: [String: [Waiting]] = [:]
    private var running: Set<String> = []

    /// `commit` stores the requests in one transaction and answers one record for each, in order.
    init(maxGroup: Int = 64, commit: @escaping Commit) {
        self.maxGroup = maxGroup
        self.commit = commit
    }

    /// Issues `request` on the sequence `key`, alone or with those waiting beside it.
    func issue(_ request: Request, sequence key: String) async throws -> Record {
        try await withCheckedThrowingContinuation { continuation in
            waiting[key, default: []].append((request, continuation))
            if running.insert(key).inserted {
                Task { await self.drain(key) }
            }
        }
    }

    private func drain(_ key: String) async {
        while let group = nextGroup(key) {
            await Self.run(group, commit: commit)
        }
    }

    private func nextGroup(_ key: String) -> [Waiting]? {
        guard let queue = waiting[key], !queue.isEmpty else {
            waiting[key] = nil
            running.remove(key)
            return nil
        }
        let group = Array(queue.prefix(maxGroup))
        waiting[key] = Array(queue.dropFirst(group.count))
        return group
    }

    /// Runs outside the actor, so requests keep queueing while a group is in the database.
    private static func run(_ group: [Waiting], commit: @escaping Commit) async {
        do {
            let records = try await commit(group.map(\.request))
            guard records.count == group.count else { throw GroupError.countMismatch }
            for (member, record) in zip(group, records) { member.continuation.resume(returning: record) }
        } catch where group.count > 1 {
            await withTaskGroup(of: Void.self) { tasks in
                for member in group {
                    tasks.addTask {
                        do { member.continuation.resume(returning: try await commit([member.request]).first.orThrow("record")) } catch {
                            member.continuation.resume(throwing: error)
                        }
                    }
                }
            }
        } catch {
            group[0].continuation.resume(throwing: error)
        }
    }

    private enum GroupError: Error { case countMismatch }
}
