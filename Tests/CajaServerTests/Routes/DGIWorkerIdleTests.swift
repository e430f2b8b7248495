import CajaCore
@testable import CajaServer
import Foundation
import Testing

/// The DGI worker as it ships (on, embedded simulator, 1 s poll): idle it waits, and a stored
/// document wakes it at once. Issue 11, item 1: the old wait ended the wake-up stream the
/// first time the poll sleep won, and the worker then claimed thousands of times a second.
@Suite("DGI worker at rest (N5)")
struct DGIWorkerIdleTests {
    @Test("N5: an idle server with the worker on runs about one claim per poll interval", arguments: Backend.allCases)
    func idleWorkerSleeps(_ backend: Backend) async throws {
        try await TestServer.run(backend, clock: TestClock(Date()), configure: { configuration in
            configuration.dgiWorker = true
        }) { server in
            // Let the worker start and go idle, then count what five seconds cost.
            try await eventually(60, "a first claim") { try await server.claims() >= 1 }
            let before = try await server.claims()
            try await Task.sleep(for: .seconds(5))
            let during = try await server.claims() - before
            // One claim per second of poll interval, plus slack for a pass that wakes on a
            // timer and a signal together; the spinning worker ran thousands here.
            #expect(during <= 8, "the idle worker claimed \(during) times in 5 s")
        }
    }

    @Test("N5: a stored document wakes a worker that would otherwise sleep for an hour", arguments: Backend.allCases)
    func storedDocumentWakesWorker(_ backend: Backend) async throws {
        try await TestServer.run(backend, clock: TestClock(Date()), configure: { configuration in
            configuration.dgiWorker = true
            configuration.dgiPollInterval = .seconds(3600)
        }) { server in
            let device = try await OfflineDevice.start(server)
            // The worker has made its first pass (the embedded simulator's URL woke it) and sleeps.
            try await eventually(60, "a first claim") { try await server.claims() >= 1 }
            for round in 0..<3 {
                let draft = Sales.cash()
                #expect(try await server.issue(draft, token: device.token).status == .created)
                // Without the wake-up this would wait for the hour-long poll.
                _ = try await server.waitAuthorized([draft.id], token: device.token, seconds: 120)
                #expect(try await server.claims() >= round + 2)
            }
        }
    }

    @Test("a wake signal sent while nobody waits ends the next wait; a timeout never breaks the signal",
          .timeLimit(.minutes(2)))
    func wakeSignalSurvivesTimeouts() async {
        let signal = WakeSignal()
        // Three waits that time out each take their time (the old stream returned at once
        // after the first timeout).
        let start = ContinuousClock.now
        for _ in 0..<3 { await signal.wait(timeout: .milliseconds(200)) }
        #expect(ContinuousClock.now - start >= .milliseconds(600))
        // A signal still wakes an hour-long wait, whether it comes before or during it.
        signal.signal()
        await signal.wait(timeout: .seconds(3600))
        let waiter = Task { await signal.wait(timeout: .seconds(3600)) }
        try? await Task.sleep(for: .milliseconds(100))
        signal.signal()
        await waiter.value
    }
}

extension TestServer {
    /// `caja_dgi_claims_total` from `GET /metrics`.
    func claims() async throws -> Int {
        let text = try await request(.get, "/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix("caja_dgi_claims_total") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }
}
