import CajaCore
@testable import CajaServer
import DGISimulator
import Foundation
import Hummingbird
import Testing

/// Issue 13, item 2: a register is the key it enrolled at its first login; its name is a
/// label. Another login cannot take its device, its blocks or its numbers by naming it, and
/// retirement blocks the key under any name.
@Suite("Devices: a key pair each register proves; names are labels")
struct DeviceIdentityTests {
    static func login(_ server: TestServer, user: String = "cajero", password: String = "cajero1234", device: String,
                      key: DeviceKey, point: String = "001", at now: Date? = nil) async throws -> APIResponse {
        try await server.send(.post, "/v1/sessions", token: nil,
                              try SessionRequest(user: user, password: password, pointOfSale: point, device: device)
                                  .signed(with: key, at: now ?? server.clock.now))
    }

    @Test("two servers on one PostgreSQL: another key naming a register's device gets neither it nor its blocks; retirement blocks the key under any name")
    func nameIsALabel() async throws {
        try await SharedDatabase.twoServers { first, second in
            let till = DeviceKey()
            let cashier = try await Self.login(first, device: "caja-ana", key: till).decode(SessionResponse.self)
            let block = try await first.reserveBlock(size: 10, token: cashier.token)
            // A supervisor on the other server names the cashier's till with its own key.
            let intruder = DeviceKey()
            let taken = try await Self.login(second, user: "supervisor", password: "supervisor1234", device: "caja-ana", key: intruder)
            #expect(taken.status == .conflict)
            #expect(taken.error?.code == "DEVICE_NAME_TAKEN" && taken.error?.field == "device")
            // Under a name of its own it is another device, which holds none of the till's blocks.
            let own = try await Self.login(second, user: "supervisor", password: "supervisor1234", device: "caja-supervisor", key: intruder)
                .decode(SessionResponse.self)
            #expect(own.deviceID != cashier.deviceID)
            let visible = try await second.request(.get, "/v1/blocks", token: own.token).decode([SignedNumberBlock].self)
            #expect(!visible.contains { $0.block.id == block.block.id })
            let returned = try await second.request(.post, "/v1/blocks/return", token: own.token)
            #expect(returned.status == .ok)
            let still = try await first.request(.get, "/v1/blocks", token: cashier.token).decode([SignedNumberBlock].self)
            #expect(still.map(\.block.id) == [block.block.id])
            // The till itself logs in on either server as the same device, under another label too.
            let again = try await Self.login(second, device: "CAJA-ANA", key: till).decode(SessionResponse.self)
            #expect(again.deviceID == cashier.deviceID)

            // Retired on one server: its key is refused on the other, whatever the name.
            let admin = try await first.adminToken()
            let device = try #require(cashier.deviceID)
            #expect(try await first.request(.post, "/v1/devices/\(device)/retire", token: admin).status == .ok)
            for name in ["caja-ana", "Caja-Ana", "caja-nueva"] {
                let refused = try await Self.login(second, device: name, key: till)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
                #expect(refused.error?.code == "DEVICE_RETIRED")
            }
        }
    }

    @Test("a device login without a proof, with another key's signature, with edited fields or a stale time is refused",
          arguments: Backend.allCases)
    func proofsChecked(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let missing = try await server.send(.post, "/v1/sessions", token: nil,
                                                SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1"))
            #expect(missing.status == .unprocessableContent && missing.error?.code == "DEVICE_PROOF_REQUIRED")
            let key = DeviceKey()
            let other = DeviceKey()
            // Signed by one key, claiming another's public key.
            var forged = try SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
                .signed(with: key, at: server.clock.now)
            forged.deviceProof?.publicKey = other.publicKeyBase64
            let wrongKey = try await server.send(.post, "/v1/sessions", token: nil, forged)
            #expect(wrongKey.status == .unauthorized && wrongKey.error?.code == "DEVICE_PROOF_INVALID")
            // A proof made for point 001, sent for 002.
            var moved = try SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001", device: "caja-1")
                .signed(with: key, at: server.clock.now)
            moved.pointOfSale = "002"
            #expect(try await server.send(.post, "/v1/sessions", token: nil, moved).error?.code == "DEVICE_PROOF_INVALID")
            let stale = try await Self.login(server, device: "caja-1", key: key, at: server.clock.now.addingTimeInterval(-3600))
            #expect(stale.status == .unauthorized && stale.error?.code == "DEVICE_PROOF_STALE")
            // None of these made a device; the right proof does.
            let count = { try await server.app.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM devices").first(decodingColumn: "n", as: Int.self) ?? 0
            } }
            #expect(try await count() == 0)
            #expect(try await Self.login(server, device: "caja-1", key: key).status == .created)
            #expect(try await count() == 1)
        }
    }

    @Test("a device from before keys enrolls the key of its next login; after that the name needs that key", arguments: Backend.allCases)
    func legacyDeviceEnrolls(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let company = try await server.catalog(token: try await server.adminToken()).companyID
            try await server.app.database.transaction { db in
                try await db.raw("""
                    INSERT INTO devices (id, company_id, name, point, created_at)
                    VALUES (\(bind: UUID().uuidString), \(bind: company.uuidString), 'caja-antigua', '001', 0)
                    """).run()
            }
            let key = DeviceKey()
            #expect(try await Self.login(server, device: "caja-antigua", key: key).status == .created)
            let later = try await Self.login(server, device: "caja-antigua", key: DeviceKey())
            #expect(later.error?.code == "DEVICE_NAME_TAKEN")
        }
    }
}
