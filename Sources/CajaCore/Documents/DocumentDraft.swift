import Foundation

/// What the till or the API asks to issue: everything about the sale, nothing the
/// numbering authority decides (number, point of sale, time, security code).
public struct DocumentDraft: Hashable, Codable, Sendable {
    /// Client-generated identity (N3): a retry of the same draft is the same document.
    public var id: UUID
    public var type: DocumentType
    public var billingMethod: BillingMethod
    public var receiver: Receiver
    public var lines: [LineItem]
    public var payments: [Payment]
    /// Documents a 04 credit note corrects (gDFRef); empty for 01 and 06.
    public var references: [DocumentReference]

    public static let maxLines = 1000
    public static let maxPayments = 10

    public init(id: UUID, type: DocumentType, billingMethod: BillingMethod = .cashRegister,
                receiver: Receiver = .finalConsumer(name: nil), lines: [LineItem], payments: [Payment],
                references: [DocumentReference] = []) {
        self.id = id
        self.type = type
        self.billingMethod = billingMethod
        self.receiver = receiver
        self.lines = lines
        self.payments = payments
        self.references = references
    }

    /// The totals of this draft (gTot), with the one rounding rule.
    public var totals: DocumentTotals { DocumentTotals(lines: lines, payments: payments) }

    /// Checks the draft on its own: fields, lines, payments and the reference rules
    /// (DGI 1705, 1706, 1712). Contingency rules need the issuance: see ``FiscalDocument``.
    public func validate() throws(CajaError) {
        try receiver.validate()
        guard !lines.isEmpty else { throw CajaError(.noLines, field: "lines", "a document needs at least one line") }
        guard lines.count <= Self.maxLines else {
            throw CajaError(.tooManyLines, field: "lines", "at most \(Self.maxLines) lines, got \(lines.count)")
        }
        for (index, line) in lines.enumerated() { try line.validate(field: "lines[\(index)]") }
        try validatePayments()
        try validateReferences()
    }

    private func validatePayments() throws(CajaError) {
        guard !payments.isEmpty else { throw CajaError(.noPayments, field: "payments", "at least one payment is required") }
        guard payments.count <= Self.maxPayments else {
            throw CajaError(.tooManyPayments, field: "payments", "at most \(Self.maxPayments) payments, got \(payments.count)")
        }
        for (index, payment) in payments.enumerated() { try payment.validate(field: "payments[\(index)]") }
        let totals = self.totals
        guard totals.received >= totals.total else {
            throw CajaError(.insufficientPayment, field: "payments",
                            "received \(totals.received) is less than the total \(totals.total)")
        }
        let cash = payments.filter { $0.method == .cash }.map(\.amount).sum()
        guard totals.change <= cash else {
            throw CajaError(.changeWithoutCash, field: "payments",
                            "change \(totals.change) is more than the cash received \(cash)")
        }
    }

    private func validateReferences() throws(CajaError) {
        switch type {
        case .creditNote:
            guard !references.isEmpty else {
                throw CajaError(.referenceRequired, field: "references", "a 04 credit note must reference an invoice (DGI 1705)")
            }
            guard references.count <= 99 else {
                throw CajaError(.referenceRequired, field: "references", "at most 99 references")
            }
        case .invoice, .genericCreditNote:
            guard references.isEmpty else {
                throw CajaError(.referenceNotAllowed, field: "references",
                                "a \(type.dgiCode) document must not reference an FE (DGI 1706)")
            }
        }
        for (index, reference) in references.enumerated() {
            let field = "references[\(index)]"
            let cufe: CUFE
            do { cufe = try CUFE(parsing: reference.cufe) } catch {
                throw CajaError(error.code, field: "\(field).cufe", error.detail)
            }
            guard cufe.documentType == DocumentType.invoice.dgiCode else {
                throw CajaError(.referenceToCreditNote, field: "\(field).cufe",
                                "referenced document is type \(cufe.documentType), not an invoice (DGI 1712)")
            }
            try reference.issuerTaxID.validate(field: "\(field).issuerTaxID")
            try TextRule.check(reference.issuerName, field: "\(field).issuerName", length: 2...100)
        }
    }
}
