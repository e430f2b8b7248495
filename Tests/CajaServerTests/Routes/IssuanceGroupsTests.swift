@testable import CajaServer
import Foundation
import Synchronization
import Testing

/// The group commit of online issuance on its own (the database side is covered through
/// HTTP in DocumentTests): who shares a transaction, and who is isolated from whose failure.
@Suite("Online issuance groups (group commit per sequence)")
struct IssuanceGroupsTests {
    /// Records every group it is handed; a request "bad" fails any group it is in.
    final class Ledger: Sendable {
        let groups = Mutex<[[String]]>([])
        func commit(_ requests: [String]) async throws -> [String] {
            groups.withLock { $0.append(requests) }
            try await Task.sleep(for: .milliseconds(20))   // a transaction in progress
            if requests.contains("bad") { throw CancellationError() }
            return requests.map { "stored \($0)" }
        }
    }

    @Test("requests arriving while their sequence is busy share the next transaction; other sequences do not wait")
    func grouping() async throws {
        let ledger = Ledger()
        let groups = IssuanceGroups<String, String>(commit: ledger.commit)
        let answers = try await withThrowingTaskGroup(of: String.self) { tasks in
            for index in 0..<20 { tasks.addTask { try await groups.issue("a\(index)", sequence: "A") } }
            tasks.addTask { try await groups.issue("b", sequence: "B") }
            var all: [String] = []
            for try await answer in tasks { all.append(answer) }
            return all
        }
        #expect(Set(answers) == Set((0..<20).map { "stored a\($0)" } + ["stored b"]))
        let recorded = ledger.groups.withLock { $0 }
        #expect(recorded.contains(["b"]))
        let sequenceA = recorded.filter { $0.allSatisfy { $0.hasPrefix("a") } }
        #expect(sequenceA.reduce(0) { $0 + $1.count } == 20)
        #expect(sequenceA.count < 20, "no group formed: \(sequenceA)")
    }

    @Test("a failing request fails alone: the others of its group are stored one by one")
    func isolation() async throws {
        let ledger = Ledger()
        let groups = IssuanceGroups<String, String>(commit: ledger.commit)
        // Keep the sequence busy so the next three queue up together.
        async let first = groups.issue("first", sequence: "A")
        try await Task.sleep(for: .milliseconds(5))
        async let good1 = try? groups.issue("good1", sequence: "A")
        async let bad = try? groups.issue("bad", sequence: "A")
        async let good2 = try? groups.issue("good2", sequence: "A")
        let results = try await (first, good1, bad, good2)
        #expect(results.0 == "stored first")
        #expect(results.1 == "stored good1")
        #expect(results.2 == nil)
        #expect(results.3 == "stored good2")
        let recorded = ledger.groups.withLock { $0 }
        #expect(recorded.contains { $0.count == 3 && $0.contains("bad") }, "the three did not share a group: \(recorded)")
        #expect(recorded.contains(["bad"]))
    }
}
