import CajaServerTestSupport
import CajaTestSupport
import CajaRegister
import CajaTill
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A till over a register home in a temp dir, with the test's wall and boot clocks, quick
/// retries and generous timeouts (a busy machine answers late; these tests prove outcomes).
struct TillHarness: Sendable {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("caja-till-home-\(UUID().uuidString)")
    let clock: SharedClock
    let boot = FakeBootClock()
    var printer: PrinterDestination?
    var drawer = false

    init(clock: SharedClock) { self.clock = clock }

    var configuration: TillConfiguration {
        var register = RegisterConfiguration(home: home, journalDirectory: home.appendingPathComponent("journal"))
        let clock = self.clock
        register.clock = { clock.now }
        register.syncAttempts = 2
        register.retryBase = .milliseconds(20)
        register.requestTimeout = .seconds(60)
        var configuration = TillConfiguration(register: register)
        configuration.port = 0
        configuration.printer = printer
        configuration.drawer = drawer
        configuration.printTimeout = .seconds(20)
        configuration.bootClock = boot
        configuration.deviceName = "caja-till-test"
        return configuration
    }

    /// Runs `body` against a fresh till process over this home (the router in memory; the
    /// caja-server it talks to is real).
    func run(_ body: @Sendable (TillClient) async throws -> Void) async throws {
        let app = try TillApp(configuration)
        try await app.makeApplication().test(.router) { client in
            try await body(TillClient(client: client, service: app.service))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: home) }
}
