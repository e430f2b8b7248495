import CajaCore
import Foundation

extension Register {
    /// `caja sell`: caja registradora, consumidor final, cash (`cash` received, else the
    /// exact total).
    /// `alongside`: a till value changed in the same transaction as the document (the cart).
    public func sell(_ items: [SaleItem], cash: Money? = nil, alongside: TillValueUpdate? = nil) async throws(RegisterError) -> StoredDocument {
        try await issue(.invoice, items: items, alongside: alongside) { total in [.cash(cash ?? total)] }
    }

    /// `caja credit-note --generic`: a generic credit note (06), cash.
    public func genericCreditNote(_ items: [SaleItem], cash: Money? = nil,
                                  alongside: TillValueUpdate? = nil) async throws(RegisterError) -> StoredDocument {
        try await issue(.genericCreditNote, items: items, alongside: alongside) { total in [.cash(cash ?? total)] }
    }

    /// `caja invoice`: factura completa to a taxpayer, with any payments (online only, O4/O5).
    public func invoice(_ items: [SaleItem], customer: Receiver.Taxpayer, payments: [Payment],
                        alongside: TillValueUpdate? = nil) async throws(RegisterError) -> StoredDocument {
        try await issue(.invoice, items: items, billing: .fullInvoice, receiver: .taxpayer(customer), alongside: alongside) { total in
            payments.isEmpty ? [.cash(total)] : payments
        }
    }

    /// `caja credit-note --ref CUFE`: a credit note (04) correcting one of the company's
    /// invoices (online only, O6).
    public func creditNote(_ items: [SaleItem], referencing cufe: String, cash: Money? = nil,
                           alongside: TillValueUpdate? = nil) async throws(RegisterError) -> StoredDocument {
        let parsed: CUFE
        do { parsed = try CUFE(parsing: cufe) } catch { throw RegisterError(error) }
        guard let catalog = try run({ try store.catalogHeader() }) else { throw RegisterError.notLoggedIn }
        let issuedAt = PanamaTime.parseCompactDate(parsed.compactDate) ?? now
        let reference = DocumentReference(cufe: parsed.value, issuedAt: issuedAt, issuerName: catalog.issuer.name,
                                          issuerTaxID: catalog.issuer.taxID)
        return try await issue(.creditNote, items: items, references: [reference], alongside: alongside) { total in [.cash(cash ?? total)] }
    }

    /// The one path of every sale: build the draft from the catalog, then issue it offline
    /// (an active offline session: the offline rules decide) or online (the server numbers
    /// it; unreachable → exit 4 with the way to go offline).
    func issue(_ type: DocumentType, items: [SaleItem], billing: BillingMethod = .cashRegister,
               receiver: Receiver = .finalConsumer(name: nil), references: [DocumentReference] = [],
               alongside: TillValueUpdate? = nil, payments: @escaping @Sendable (Money) -> [Payment]) async throws(RegisterError) -> StoredDocument {
        let now = self.now
        do {
            return try await issue(type, items: items, billing: billing, receiver: receiver, references: references,
                                   alongside: alongside, payments: payments, at: now)
        } catch {
            // O8: the time a refused sale saw counts as seen (an issued one records it in its
            // own transaction), so a clock moved forward and back again never reopens the window.
            try run { try store.noteTime(now) }
            throw error
        }
    }

    private func issue(_ type: DocumentType, items: [SaleItem], billing: BillingMethod, receiver: Receiver,
                       references: [DocumentReference], alongside: TillValueUpdate?, payments: @escaping @Sendable (Money) -> [Payment],
                       at now: Date) async throws(RegisterError) -> StoredDocument {
        let build: @Sendable (SaleCatalog) throws(RegisterError) -> DocumentDraft = { [self] catalog throws(RegisterError) in
            let lines = try items.map { item throws(RegisterError) in try line(item, catalog: catalog) }
            var draft = DocumentDraft(id: .random(), type: type, billingMethod: billing, receiver: receiver, lines: lines,
                                      payments: [], references: references)
            draft.payments = payments(draft.totals.total)
            do throws(CajaError) { try draft.validate() } catch { throw RegisterError(error) }
            return draft
        }
        // Offline, the catalog and the open session are all a sale needs: a register rebuilt by
        // `caja recover` mid-outage keeps selling before it can log in again. Both are read in
        // the sale's own transaction, which finds out whether a session is open.
        if let stored = try issueOffline(codes: items.map(\.code), at: now, alongside: alongside, build: build) { return stored }
        let login = try requireLogin()
        guard let catalog = try run({ try store.saleCatalog(codes: items.map(\.code)) }) else { throw RegisterError.notLoggedIn }
        return try await issueOnline(try build(catalog), login: login, alongside: alongside)
    }

    func line(_ item: SaleItem, catalog: SaleCatalog) throws(RegisterError) -> LineItem {
        guard let product = catalog.byCode[item.code] else {
            throw RegisterError(.unknownProduct, "Código: «\(item.code)».")
        }
        return LineItem(code: product.code, description: product.name, quantity: item.quantity, unitPrice: product.price,
                        rate: product.rate, unit: product.unit)
    }

    /// The sale offline when a session is open (nil when none is: nothing was written).
    func issueOffline(codes: [String], at now: Date, alongside: TillValueUpdate? = nil,
                      build: @Sendable (SaleCatalog) throws(RegisterError) -> DocumentDraft) throws(RegisterError) -> StoredDocument? {
        let policy = configuration.policy
        let securityCode = configuration.securityCode
        return try run {
            try store.issueOffline(codes: codes, now: now, alongside: alongside, build: build) { draft, session, latestSeen in
                try policy.check(draft, in: session, at: now, latestSeen: latestSeen)
            } make: { draft, issuer, session, grant, number in
                let issuance = Issuance(pointOfSale: grant.block.pointOfSale, number: try DocumentNumber(number),
                                        issuedAt: now, securityCode: securityCode(), contingency: session.contingency)
                return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance)
            }
        }
    }

    func issueOnline(_ draft: DocumentDraft, login: RegisterLogin, alongside: TillValueUpdate? = nil) async throws(RegisterError) -> StoredDocument {
        let client = client(login)
        var attempt = 0
        while true {
            do throws(RegisterError) {
                // Same draft id on every try: the server keeps one document (N3).
                let detail = try await client.issue(draft)
                try run { try store.storeOnline(detail.document, qrURL: detail.qrURL, alongside: alongside) }
                try run { try store.noteTime(now) }
                await backgroundWork(login)
                return StoredDocument(document: detail.document, status: .sent, sessionID: nil, qrURL: detail.qrURL)
            } catch where error.kind == .unavailable && attempt + 1 < configuration.syncAttempts {
                attempt += 1
                try? await Task.sleep(for: retryWait(after: attempt, error: error))
            } catch {
                throw explained(error)
            }
        }
    }

    /// What every online command does after its own work: send pending documents and keep
    /// the blocks topped up. Failures here never fail the command; they stay pending.
    func backgroundWork(_ login: RegisterLogin) async {
        _ = try? await sync()
        try? await topUpBlocks(login)
    }
}
