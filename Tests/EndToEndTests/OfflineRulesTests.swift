import CajaServerTestSupport
import CajaCore
@testable import CajaRegister
import CajaTestSupport
import Foundation
import Testing

let rice = [SaleItem(code: "7504", quantity: Quantity(2))]

@Suite("Modo offline on the register, against a real server (O1-O10)")
struct OfflineRulesTests {
    @Test("O1/N2: login downloads catalog and a block per offline type, ready for an outage")
    func loginPreparesBlocks() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let status = try opened.status()
            #expect(status.blocks.map(\.type) == ["01", "06"])
            #expect(status.blocks.allSatisfy { $0.remaining == 50 })
            #expect(try opened.store.catalog()?.products.isEmpty == false)
        }
    }

    @Test("O2: activation needs explicit acceptance and a reason of 15-150 characters; the acceptance is recorded")
    func activation() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let noTerms = await refusal { try opened.activateOffline(reason: outageReason, acceptTerms: false) }
            #expect(noTerms?.code == "OFFLINE_TERMS_NOT_ACCEPTED")
            #expect(noTerms?.exitCode == 3)
            let short = await refusal { try opened.activateOffline(reason: "sin internet", acceptTerms: true) }
            #expect(short?.code == "CONTINGENCY_REASON_LENGTH")
            #expect(short?.exitCode == 2)
            let long = await refusal { try opened.activateOffline(reason: String(repeating: "x", count: 151), acceptTerms: true) }
            #expect(long?.code == "CONTINGENCY_REASON_LENGTH")
            #expect(try opened.store.activeSession() == nil)

            let session = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            #expect(session.acceptedBy == "cajero")
            #expect(session.acceptedAt == server.clock.now)
            #expect(session.termsVersion == OfflineTerms.version)
            #expect(try register.open().store.activeSession() == session)
        }
    }

    @Test("O3: status shows MODO OFFLINE, the time left and the pending count")
    func banner() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            try opened.activateOffline(reason: outageReason, acceptTerms: true)
            server.clock.advance(3600)
            _ = try await opened.sell(rice)
            let status = try register.open().status()
            #expect(status.mode.rawValue == "offline")
            #expect(status.secondsLeft == 23 * 3600)
            #expect(status.pending == 1)
            #expect(status.banner.contains("MODO OFFLINE"))
            #expect(status.banner.contains("23:00"))
        }
    }

    @Test("O4, O5, O7: offline refuses a factura completa to a taxpayer paid by card; nothing is stored")
    func offlineRestrictions() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let issuer = try #require(try opened.store.catalog()?.issuer)
            try opened.activateOffline(reason: outageReason, acceptTerms: true)
            let customer = Receiver.Taxpayer(taxID: TaxpayerID(kind: .legalEntity, ruc: "155596713-2-2015", dv: "59"),
                                             name: "Cliente S.A.", address: issuer.address, location: issuer.location)
            let error = await refusal {
                try await opened.invoice(rice, customer: customer, payments: [Payment(method: .creditCard, amount: Money("12.82")!)])   // 2 x 5.99 + 7 %
            }
            #expect(error?.code == "OFFLINE_BILLING_METHOD")
            #expect(error?.exitCode == 3)
            // O5 and O7 on the cash-register method itself: the same policy the register calls.
            let policy = OfflinePolicy.standard
            let session = try #require(try opened.store.activeSession())
            var toTaxpayer = DocumentDraft(id: UUID(), type: .invoice, receiver: .taxpayer(customer),
                                           lines: [try opened.line(rice[0], catalog: #require(try opened.store.saleCatalog(codes: [rice[0].code])))],
                                           payments: [.cash(Money("50.00")!)])
            #expect(throws: CajaError.self) { try policy.check(toTaxpayer, in: session, at: server.clock.now) }
            toTaxpayer.receiver = .finalConsumer(name: nil)
            toTaxpayer.payments = [Payment(method: .debitCard, amount: Money("50.00")!)]
            #expect { try policy.check(toTaxpayer, in: session, at: server.clock.now) } throws: {
                ($0 as? CajaError)?.code == .offlinePaymentMethod
            }
            #expect(try opened.store.pendingCount() == 0)
            #expect(try opened.store.documents().isEmpty)
        }
    }

    @Test("O6: offline issues 01 and 06 but refuses a 04 credit note")
    func offlineTypes() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let online = try await opened.sell(rice)
            try opened.activateOffline(reason: outageReason, acceptTerms: true)
            let invoice = try await opened.sell(rice)
            let generic = try await opened.genericCreditNote(rice)
            #expect(invoice.document.draft.type == .invoice)
            #expect(generic.document.draft.type == .genericCreditNote)
            let error = await refusal { try await opened.creditNote(rice, referencing: online.document.cufe.value) }
            #expect(error?.code == "OFFLINE_DOCUMENT_TYPE")
            #expect(error?.exitCode == 3)
            #expect(try opened.store.pendingCount() == 2)
        }
    }

    @Test("O8: 24 h after activation issuing is blocked until the documents are sent; moving the clock does not help")
    func window() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            try opened.activateOffline(reason: outageReason, acceptTerms: true)
            let start = server.clock.now
            server.clock.advance(23 * 3600 + 3599)
            _ = try await opened.sell(rice)

            server.clock.advance(1)   // exactly 24 h
            let expired = await refusal { try await opened.sell(rice) }
            #expect(expired?.code == "OFFLINE_WINDOW_EXPIRED")
            #expect(expired?.exitCode == 3)
            #expect(try register.open().status().mode.rawValue == "offline-blocked")

            server.clock.set(start.addingTimeInterval(3600))   // clock moved back into the window
            let back = await refusal { try await opened.sell(rice) }
            #expect(back?.code == "OFFLINE_CLOCK_BACKWARDS")
            #expect(try opened.store.pendingCount() == 1)

            server.clock.set(start.addingTimeInterval(25 * 3600))
            let summary = try await opened.deactivateOffline()   // connected: documents sent
            #expect(summary.sent == 1 && summary.pending == 0)
            let again = try await opened.sell(rice)              // online again
            #expect(again.status == .sent && again.emission.rawValue == "normal")
        }
    }

    @Test("O8: a sale refused with the clock 25 h ahead records that time; with the clock put back to +1 h issuing stays refused")
    func clockForwardThenBack() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            let start = server.clock.now
            server.clock.set(start.addingTimeInterval(25 * 3600))
            let ahead = await refusal { try await opened.sell(rice) }
            #expect(ahead?.code == "OFFLINE_WINDOW_EXPIRED")

            server.clock.set(start.addingTimeInterval(3600))
            let back = await refusal { try await register.open().sell(rice) }   // a later command, a new process
            #expect(back?.code == "OFFLINE_CLOCK_BACKWARDS")
            #expect(back?.exitCode == 3)
            #expect(try register.open().status().mode.rawValue == "offline-blocked")
            #expect(try opened.store.pendingCount() == 0)
        }
    }

    @Test("O8: the time status reads is kept too: a clock seen far ahead by caja status blocks issuing after it is put back")
    func statusRaisesHighWater() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            _ = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            let start = server.clock.now
            server.clock.set(start.addingTimeInterval(30 * 3600))
            #expect(try opened.status().mode.rawValue == "offline-blocked")
            server.clock.set(start.addingTimeInterval(600))
            let back = await refusal { try await opened.sell(rice) }
            #expect(back?.code == "OFFLINE_CLOCK_BACKWARDS")
            #expect(try opened.status().secondsLeft == 0)
        }
    }

    @Test("O9: no Reporte Z while offline; once back online the Z includes the offline documents")
    func zReport() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            _ = try await opened.sell(rice)
            try opened.activateOffline(reason: outageReason, acceptTerms: true)
            server.clock.advance(60)
            let offline = try await opened.sell(rice)
            let error = await refusal { try await opened.zReport() }
            #expect(error?.code == "OFFLINE_Z_REPORT")
            #expect(error?.exitCode == 3)
            try await opened.deactivateOffline()
            let report = try await opened.zReport()
            #expect(report.documentCount == 2)
            #expect(report.contingency.map(\.id) == [offline.document.id])
        }
    }

    @Test("O10: offline documents carry iTpEmis 04 with the activation time and reason; the CUFE never changes")
    func contingencyData() async throws {
        try await LiveServer.with { server in
            let register = TestRegister(clock: server.clock)
            defer { register.remove() }
            let opened = try await register.login(server)
            let session = try opened.activateOffline(reason: outageReason, acceptTerms: true)
            server.clock.advance(90)
            let sold = try await opened.sell(rice, cash: Money("20.00"))
            let issuance = sold.document.issuance
            #expect(issuance.emissionType == .offlineContingency)
            #expect(issuance.contingency == Contingency(start: session.activatedAt, reason: outageReason))
            #expect(sold.document.cufe.emissionType == "04")
            #expect(try opened.status().pending == 1)   // nothing sent while offline

            try await opened.deactivateOffline()
            let token = try await ServerView(server: server).token()
            let detail = try await ServerClient(baseURL: server.url, token: token).detail(sold.document.id)
            #expect(detail.summary.cufe == sold.document.cufe.value)
            #expect(detail.summary.emission == .contingency)
            #expect(detail.offlineSessionID == session.id)
        }
    }
}
