import CajaCore
import Foundation
import Testing

@Suite("Offline policy (O2, O4-O8, O10)")
struct OfflinePolicyTests {
    let policy = OfflinePolicy.standard
    let start = Fixtures.morning
    var session: OfflineSession {
        OfflineSession(id: UUID(), activatedAt: start, reason: "Corte de internet del proveedor",
                       acceptedBy: "cajero", acceptedAt: start, termsVersion: "2026-01")
    }

    func sale(_ type: DocumentType = .invoice, billing: BillingMethod = .cashRegister,
              receiver: Receiver = .finalConsumer(name: nil), payments: [Payment] = [.cash(Money("5.00")!)]) -> DocumentDraft {
        DocumentDraft(id: UUID(), type: type, billingMethod: billing, receiver: receiver,
                      lines: [Fixtures.line("Pan de molde", "1", "2.50", .exempt)], payments: payments)
    }

    func code(_ draft: DocumentDraft, at offset: TimeInterval = 60, latestSeen: Date? = nil) -> ErrorCode? {
        do {
            try policy.check(draft, in: session, at: start.addingTimeInterval(offset), latestSeen: latestSeen)
            return nil
        } catch { return error.code }
    }

    @Test("a cash-register cash sale to consumidor final is accepted, as is a 06")
    func accepted() {
        #expect(code(sale()) == nil)
        #expect(code(sale(.genericCreditNote)) == nil)
    }

    @Test("N4: nothing is issued in a session after its end, however the session came back")
    func afterEnd() {
        var ended = session
        ended.endedAt = start.addingTimeInterval(600)
        #expect(throws: CajaError.self) { try policy.check(sale(), in: ended, at: start.addingTimeInterval(601)) }
        #expect((try? policy.check(sale(), in: ended, at: start.addingTimeInterval(600))) != nil)
        do { try policy.check(sale(), in: ended, at: start.addingTimeInterval(3600)) } catch {
            #expect(error.code == .offlineAfterSessionEnd)
        }
    }

    @Test("O4: offline refuses the factura completa billing method")
    func billingMethod() { #expect(code(sale(billing: .fullInvoice)) == .offlineBillingMethod) }

    @Test("O5: offline refuses a taxpayer receiver")
    func receiver() { #expect(code(sale(receiver: Fixtures.customer)) == .offlineReceiver) }

    @Test("O6: offline refuses a 04 credit note")
    func documentType() { #expect(code(sale(.creditNote)) == .offlineDocumentType) }

    @Test("O7: offline refuses a card payment, also mixed with cash")
    func cardPayment() {
        #expect(code(sale(payments: [Payment(method: .creditCard, amount: Money("2.50")!)])) == .offlinePaymentMethod)
        #expect(code(sale(payments: [.cash(Money("1.00")!), Payment(method: .transfer, amount: Money("1.50")!)])) == .offlinePaymentMethod)
    }

    @Test("O8: issuing works until 24 h after activation and is refused from then on")
    func window() {
        #expect(code(sale(), at: 24 * 3600 - 1) == nil)
        #expect(code(sale(), at: 24 * 3600) == .offlineWindowExpired)
        #expect(code(sale(), at: 30 * 24 * 3600) == .offlineWindowExpired)
        #expect(policy.remaining(in: session, at: start.addingTimeInterval(3600)) == 23 * 3600)
        #expect(policy.remaining(in: session, at: start.addingTimeInterval(25 * 3600)) == 0)
    }

    @Test("O8: a clock moved back behind the latest time seen is refused, not a longer window")
    func clockBackwards() {
        let seen = start.addingTimeInterval(5 * 3600)
        #expect(code(sale(), at: 4 * 3600, latestSeen: seen) == .offlineClockBackwards)
        #expect(code(sale(), at: 6 * 3600, latestSeen: seen) == nil)
        // Before the activation itself.
        #expect(code(sale(), at: -60) == .offlineBeforeActivation)
    }

    @Test("O2: activation needs a reason of 15-150 characters and an acceptance")
    func activation() throws {
        var s = session
        try s.validate()
        s.reason = "Sin internet"   // 12
        #expect(throws: CajaError.self) { try s.validate() }
        s = session
        s.acceptedBy = ""
        do { try s.validate(); Issue.record("accepted without acceptance") } catch {
            #expect(error.code == .offlineTermsNotAccepted)
        }
    }

    @Test("O10: an offline document carries the session's contingency; another one is refused")
    func contingencyMatches() throws {
        let s = session
        let draft = sale()
        let issuance = Fixtures.issuance(number: 9, at: start.addingTimeInterval(600), contingency: s.contingency)
        let document = try FiscalDocument(draft: draft, issuer: Fixtures.issuer, issuance: issuance)
        try policy.verify(document, in: s)
        #expect(document.issuance.emissionType == .offlineContingency)
        #expect(document.cufe.emissionType == "04")
        let other = Contingency(start: start, reason: "Otro motivo cualquiera aquí")
        let foreign = try FiscalDocument(draft: draft, issuer: Fixtures.issuer,
                                         issuance: Fixtures.issuance(number: 9, at: start.addingTimeInterval(600), contingency: other))
        do { try policy.verify(foreign, in: s); Issue.record("foreign contingency accepted") } catch {
            #expect(error.code == .offlineContingencyMismatch)
        }
        let online = try FiscalDocument(draft: draft, issuer: Fixtures.issuer, issuance: Fixtures.issuance(number: 9))
        #expect(throws: CajaError.self) { try policy.verify(online, in: s) }
    }
}
