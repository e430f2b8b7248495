import CajaCore
@testable import CajaServer
import Foundation
import Testing

/// N2: a block asked for without a size covers the device's busiest 24 h with a margin.
/// Issue 11, item 3: the fixed 100-number block ran out an hour or two into an outage.
@Suite("Block sizing from the device's history (N2)")
struct BlockSizingTests {
    @Test("N2: a till with no history gets the minimum block; the answer says so", arguments: Backend.allCases)
    func newTill(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login(device: "caja-nueva")
            let grant = try await server.send(.post, "/v1/blocks", token: token, BlockRequest(type: .invoice)).decode(SignedNumberBlock.self)
            #expect(grant.block.size == Int64(server.app.configuration.minimumBlockSize))
            #expect(grant.sizing == BlockSizing(busiest24h: 0, target: server.app.configuration.minimumBlockSize))
            #expect(grant.sizing?.hoursCovered(by: grant.block.size) == nil)
        }
    }

    @Test("N2: a block without a size covers the busiest business day of the device, plus half", arguments: Backend.allCases)
    func sizedFromHistory(_ backend: Backend) async throws {
        try await TestServer.run(backend, configure: { $0.minimumBlockSize = 5 }) { server in
            let token = try await server.login(device: "caja-ocupada")
            let other = try await server.login(device: "caja-vecina")
            // Yesterday 4 sales, today 10; another till's 30 sales do not count.
            server.clock.advance(-86_400)
            for _ in 0..<4 { #expect(try await server.issue(Sales.cash(), token: token).status == .created) }
            server.clock.advance(86_400)
            for _ in 0..<10 { #expect(try await server.issue(Sales.cash(), token: token).status == .created) }
            for _ in 0..<30 { #expect(try await server.issue(Sales.cash(), token: other).status == .created) }
            // A credit-note block is sized by credit notes (none: the minimum).
            let notes = try await server.send(.post, "/v1/blocks", token: token, BlockRequest(type: .genericCreditNote))
                .decode(SignedNumberBlock.self)
            #expect(notes.block.size == 5)

            let grant = try await server.send(.post, "/v1/blocks", token: token, BlockRequest(type: .invoice)).decode(SignedNumberBlock.self)
            #expect(grant.sizing == BlockSizing(busiest24h: 10, target: 15))
            #expect(grant.block.size == 15)
            #expect(grant.sizing?.hoursCovered(by: 15) == 36)
            // An explicit size still wins, and every listed block carries its type's sizing.
            #expect(try await server.reserveBlock(size: 3, token: token).block.size == 3)
            let listed = try await server.request(.get, "/v1/blocks", token: token).decode([SignedNumberBlock].self)
            #expect(listed.count == 3)
            #expect(listed.filter { $0.block.type == .invoice }.allSatisfy { $0.sizing?.target == 15 })
            #expect(listed.filter { $0.block.type == .genericCreditNote }.allSatisfy { $0.sizing?.busiest24h == 0 })
            // The busiest day ages out of the 30-day window.
            server.clock.advance(31 * 86_400)
            let fresh = try await server.login(device: "caja-ocupada")
            let later = try await server.send(.post, "/v1/blocks", token: fresh, BlockRequest(type: .invoice)).decode(SignedNumberBlock.self)
            #expect(later.sizing == BlockSizing(busiest24h: 0, target: 5))
        }
    }

    @Test("N2: four blocks with unused numbers are the limit; a block whose numbers are all used no longer counts",
          arguments: Backend.allCases)
    func usedUpBlocksDoNotCount(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            var device = try await OfflineDevice.start(server, blockSize: 2)
            for _ in 0..<3 { _ = try await server.reserveBlock(size: 2, token: device.token) }
            let refused = try await server.send(.post, "/v1/blocks", token: device.token, BlockRequest(type: .invoice, size: 2))
            #expect(refused.status == .conflict && refused.error?.code == "TOO_MANY_BLOCKS")
            // The first block's two numbers are used offline and uploaded: it is spent.
            let spent = try (0..<2).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            #expect(try await device.upload(spent).allSatisfy { $0.status == .accepted })
            device.grant = try await server.reserveBlock(size: 2, token: device.token)
            #expect(device.grant.block.size == 2)
        }
    }
}
