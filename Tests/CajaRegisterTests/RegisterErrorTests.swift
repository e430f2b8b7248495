import CajaCore
@testable import CajaRegister
import Testing

/// The register's errors: their Spanish message comes from the one catalog, their exit code
/// from their code's kind.
@Suite("Register errors")
struct RegisterErrorTests {
    @Test("the exit code follows the code's kind: 2 invalid input, 3 refused by a rule, 4 unreachable, 1 anything else")
    func exitCodes() {
        #expect(RegisterError(.invalidItem).exitCode == 2)
        #expect(RegisterError(.invalidArgument).exitCode == 2)
        #expect(RegisterError(.invalidRequest).exitCode == 2)
        #expect(RegisterError.notLoggedIn.exitCode == 3)
        #expect(RegisterError.unsent(2, action: "cerrar la sesión").exitCode == 3)
        #expect(RegisterError.unreachable("http://127.0.0.1:9").exitCode == 4)
        #expect(RegisterError(.syncIncomplete).exitCode == 4)
        #expect(RegisterError(.journalCorrupt).exitCode == 1)
        // The server's answers keep the exit codes the register always gave them: a login
        // refused or throttled is a refusal (3); a role, id or size it refuses is invalid input (2).
        #expect(RegisterError(.invalidCredentials).exitCode == 3)
        #expect(RegisterError(.loginThrottled).exitCode == 3)
        #expect(RegisterError(.deviceProofStale).exitCode == 3)
        #expect(RegisterError(.serverRefused).exitCode == 3)
        #expect(RegisterError(.forbidden).exitCode == 2)
        #expect(RegisterError(.tooManyBlocks).exitCode == 2)
        #expect(RegisterError(.notFound).exitCode == 2)
        // CajaCore's rules: the offline ones refuse (3), the rest is invalid input (2).
        #expect(RegisterError(CajaError(.offlinePaymentMethod, field: "payments[0]", "cash only")).exitCode == 3)
        #expect(RegisterError(CajaError(.contingencyForTaxpayer, "no")).exitCode == 3)
        #expect(RegisterError(CajaError(.contingencyReasonLength, field: "reason", "short")).exitCode == 2)
    }

    @Test("the message is the catalog's sentence with the failure's specifics; --json keeps the code's text")
    func messages() {
        let unreadable = RegisterError(.journalUnreadable, detail: "/tmp/diario-000001.jsonl: gone")
        #expect(unreadable.code == "JOURNAL_UNREADABLE")
        #expect(unreadable.message == "No se puede leer el diario de respaldo de la caja (/tmp/diario-000001.jsonl: gone).")
        let unknown = RegisterError(.unknownProduct, "Código: «9999».")
        #expect(unknown.message == SpanishMessages.message(for: .unknownProduct) + " Código: «9999».")
        #expect(RegisterError.notLoggedIn.message.hasPrefix(SpanishMessages.message(for: .notLoggedIn)))
        #expect(RegisterError.notLoggedIn.message.contains("caja login --server URL"))
        // A refused sale does not name a field; an invalid value does.
        #expect(!RegisterError(CajaError(.offlinePaymentMethod, field: "payments[0]", "cash only")).message.contains("campo"))
        #expect(RegisterError(CajaError(.invalidAmount, field: "lines[0].price", "bad")).message.contains("(campo: lines[0].price)"))
    }

    @Test("O3: an unreachable server is worded for the register's state; only those failures are")
    func offlineWording() {
        let online = RegisterError.unreachable("http://127.0.0.1:9: refused")
        #expect(online.message.contains("(http://127.0.0.1:9: refused)"))
        #expect(online.message.contains("active el modo offline"))
        let offline = online.forOfflineRegister(pending: 3)
        #expect(offline.code == "SERVER_UNREACHABLE")
        #expect(offline.message.contains("(http://127.0.0.1:9: refused)"))
        #expect(offline.message.contains("3 documento(s) quedan pendientes"))
        #expect(!offline.message.contains("active el modo offline"))
        let unavailable = RegisterError.unavailable(status: 503, retryAfter: .seconds(2)).forOfflineRegister(pending: 1)
        #expect(unavailable.message.contains("HTTP 503") && unavailable.message.contains("1 documento(s) quedan pendientes"))
        #expect(unavailable.retryAfter == .seconds(2))
        let incomplete = RegisterError(.syncIncomplete, detail: "2 documento(s)")
        #expect(incomplete.forOfflineRegister(pending: 2).message == incomplete.message)
    }
}
