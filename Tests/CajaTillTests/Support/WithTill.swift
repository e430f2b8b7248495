import CajaTill
import Foundation

/// Starts a caja-server, runs `body` with a till over a new home, then stops and removes both.
func withTill(printer: PrinterDestination? = nil, drawer: Bool = false,
              _ body: @Sendable (TillServer, TillHarness, TillClient) async throws -> Void) async throws {
    let clock = WallClock()
    let server = TillServer(clock: clock)
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
