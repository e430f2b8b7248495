import CajaCore
@testable import CajaServer
import CajaTestSupport
import Foundation
import Hummingbird
import Testing

/// Ids handed out in order, recorded.
final class CountingUUIDs: @unchecked Sendable {
    // `issued` is only read and written while `lock` is held.
    private let lock = NSLock()
    private var issued: [UUID] = []

    func next() -> UUID {
        lock.withLock {
            let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", issued.count + 1))!
            issued.append(id)
            return id
        }
    }

    var all: [UUID] { lock.withLock { issued } }
}

/// Every side effect of the server comes in through ``Dependencies`` (issue 12): a test that
/// passes its own sees them used.
@Suite("Injected side effects")
struct DependenciesTests {
    @Test("a block's id comes from the UUID source; a document's security code (dSeg) from the random source",
          arguments: Backend.allCases)
    func injected(_ backend: Backend) async throws {
        let ids = CountingUUIDs()
        let random = RandomSource { 123_456_789 }
        try await TestServer.run(backend, dependencies: { $0.uuid = { ids.next() }; $0.random = random }) { server in
            let token = try await server.login()
            let grant = try await server.reserveBlock(token: token)
            #expect(ids.all.contains(grant.block.id), "the block id \(grant.block.id) is not one of \(ids.all)")
            let created = try await server.issue(Sales.cash(), token: token)
            #expect(created.status == .created, "\(created.text)")
            var generator = random.generator
            #expect(try created.decode(DocumentDetail.self).document.issuance.securityCode == SecurityCode.random(using: &generator))
        }
    }

    @Test("a retired device's time is the business clock's, not the machine's", arguments: Backend.allCases)
    func retireUsesTheClock(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.login()
            let device = try #require(try await server.app.accounts.authenticate(token: cashier)?.deviceID)
            let admin = try await server.adminToken()
            server.clock.advance(3600)
            let retired = try await server.request(.post, "/v1/devices/\(device)/retire", token: admin)
            #expect(retired.status == .ok, "\(retired.text)")
            let row = try await server.app.database.read { db in
                try await db.raw("SELECT retired_at FROM devices WHERE id = \(bind: device.uuidString)").first(decodingColumn: "retired_at", as: Int64.self)
            }
            #expect(row == Int64(server.clock.now.timeIntervalSince1970 * 1000))
        }
    }

    @Test("the DGI queue schedules its retries and leases on the scheduling clock it is given, not on the machine's")
    func schedulingClock() async throws {
        let fixed = Date(timeIntervalSince1970: 2_000_000_000)
        try await TestServer.run(.sqlite, dependencies: { $0.schedulingClock = { fixed } }) { server in
            #expect(server.app.worker.clock() == fixed)
        }
    }
}
