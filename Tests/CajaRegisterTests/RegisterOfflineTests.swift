@testable import CajaRegister
import CajaTestSupport
import Foundation
import Testing

/// Modo offline on a register that never reached a server (O1).
@Suite("Modo offline on the register, without a server")
struct RegisterOfflineTests {
    @Test("O1: offline activation is refused to a register that never logged in online")
    func needsLogin() async throws {
        let register = TestRegister(clock: SharedClock())
        defer { register.remove() }
        let error = await refusal { try register.open().activateOffline(reason: outageReason, acceptTerms: true) }
        #expect(error?.code == "NOT_LOGGED_IN")
        #expect(error?.exitCode == 3)
    }
}
