import CajaServerTestSupport
import CajaTestSupport
import CajaTill
import Foundation

/// Starts a caja-server, runs `body` with a till over a new home, then stops and removes both.
func withTill(printer: PrinterDestination? = nil, drawer: Bool = false,
              _ body: @Sendable (LiveServer, TillHarness, TillClient) async throws -> Void) async throws {
    let clock = SharedClock()
    let server = LiveServer(clock: clock)
    try await server.start()
    var harness = TillHarness(clock: clock)
    harness.printer = printer
    harness.drawer = drawer
    let till = harness
    do {
        try await till.run { client in try await body(server, till, client) }
    } catch {
        await server.stop()
        server.remove()
        till.remove()
        throw error
    }
    await server.stop()
    server.remove()
    till.remove()
}
