import Foundation
import Glibc
import Testing
@testable import CajaServer

/// The DGI queue's RSA work runs below the requests' CPU priority (issue 16, item 2:
/// a sync is not slowed by signatures nobody waits for; N5: the queue still signs everything).
@Suite struct BackgroundCPUTests {
    struct Refused: Error, Equatable {}

    @Test func jobsRunOnThreadsWithTheLowerPriority() async throws {
        let pool = BackgroundCPU(threads: 2, niceness: 7)
        let requestThreads = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let seen = try await pool.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(seen == 7)
        // The caller's own thread keeps its priority: only the pool's threads are lowered.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == requestThreads)
    }

    @Test func everyJobAnswersItsOwnResultOrError() async throws {
        let pool = BackgroundCPU(threads: 2, niceness: 10)
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<200 { group.addTask { (index, try await pool.run { index * index }) } }
            var all: [Int: Int] = [:]
            for try await (index, square) in group { all[index] = square }
            return all
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.value == $0.key * $0.key })
        await #expect(throws: Refused.self) { try await pool.run { () throws -> Int in throw Refused() } }
    }
}
