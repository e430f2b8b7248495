@testable import CajaCore
import Foundation
import Testing

/// Invalid documents are refused by CajaCore with a typed error, before any XML exists:
/// a ``FiscalDocument`` (the only input of the signer) cannot be made from them.
@Suite("Document validation")
struct DocumentValidationTests {
    func refusal(_ draft: DocumentDraft, issuance: Issuance = Fixtures.issuance(number: 1),
                 issuer: Issuer = Fixtures.issuer) -> CajaError? {
        do {
            _ = try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance)
            return nil
        } catch {
            return error
        }
    }

    func draft(_ type: DocumentType = .invoice, receiver: Receiver = .finalConsumer(name: nil),
               lines: [LineItem] = [Fixtures.line("Café molido 1 lb", "1", "5.00", .general)],
               payments: [Payment] = [.cash(Money("10.00")!)], references: [DocumentReference] = []) -> DocumentDraft {
        DocumentDraft(id: UUID(), type: type, receiver: receiver, lines: lines, payments: payments, references: references)
    }

    func reference(to document: FiscalDocument) -> DocumentReference {
        DocumentReference(cufe: document.cufe.value, issuedAt: document.issuance.issuedAt,
                          issuerName: Fixtures.issuer.name, issuerTaxID: Fixtures.issuer.taxID)
    }

    @Test("1706: a generic credit note (06) with a reference is refused")
    func genericNoteWithReference() throws {
        let invoice = try Fixtures.onlineTaxpayerInvoice()
        let error = refusal(draft(.genericCreditNote, references: [reference(to: invoice)]))
        #expect(error?.code == .referenceNotAllowed)
        #expect(error?.field == "references")
    }

    @Test("1705: a credit note (04) without a reference is refused")
    func creditNoteWithoutReference() {
        #expect(refusal(draft(.creditNote))?.code == .referenceRequired)
    }

    @Test("1712: a credit note referencing a credit note is refused")
    func creditNoteOfCreditNote() throws {
        let note = try Fixtures.offlineGenericCreditNote()
        #expect(refusal(draft(.creditNote, references: [reference(to: note)]))?.code == .referenceToCreditNote)
    }

    @Test("a reference with a broken CUFE is refused naming the field")
    func brokenReference() throws {
        var ref = reference(to: try Fixtures.onlineTaxpayerInvoice())
        ref.cufe = String(ref.cufe.dropLast()) + (ref.cufe.hasSuffix("0") ? "1" : "0")
        let error = refusal(draft(.creditNote, references: [ref]))
        #expect(error?.code == .cufeCheckDigit)
        #expect(error?.field == "references[0].cufe")
    }

    @Test("a contingency reason of 10 characters is refused (1509, O2)")
    func shortReason() {
        let contingency = Contingency(start: Fixtures.morning.addingTimeInterval(-60), reason: "Sin red!!!")
        let error = refusal(draft(), issuance: Fixtures.issuance(number: 1, contingency: contingency))
        #expect(error?.code == .contingencyReasonLength)
    }

    @Test("a contingency reason of 151 characters is refused, 150 accepted")
    func longReason() {
        let long = Contingency(start: Fixtures.morning, reason: String(repeating: "a", count: 151))
        #expect(refusal(draft(), issuance: Fixtures.issuance(number: 1, contingency: long))?.code == .contingencyReasonLength)
        let max = Contingency(start: Fixtures.morning, reason: String(repeating: "á", count: 150))
        #expect(refusal(draft(), issuance: Fixtures.issuance(number: 1, contingency: max)) == nil)
    }

    @Test("1507: a contingency that starts after the document is refused")
    func contingencyAfterIssue() {
        let contingency = Contingency(start: Fixtures.morning.addingTimeInterval(60), reason: "Sin conexión a internet")
        #expect(refusal(draft(), issuance: Fixtures.issuance(number: 1, contingency: contingency))?.code == .contingencyAfterIssue)
    }

    @Test("1505: a contingency document to a taxpayer is refused")
    func contingencyTaxpayer() {
        let error = refusal(draft(receiver: Fixtures.customer), issuance: Fixtures.issuance(number: 1, contingency: Fixtures.contingency))
        #expect(error?.code == .contingencyForTaxpayer)
    }

    @Test("payments: too little, change from a card, 'other' without description, none")
    func payments() {
        #expect(refusal(draft(payments: [.cash(Money("5.00")!)]))?.code == .insufficientPayment)   // total 5.35
        #expect(refusal(draft(payments: [Payment(method: .creditCard, amount: Money("10.00")!)]))?.code == .changeWithoutCash)
        #expect(refusal(draft(payments: [Payment(method: .other, amount: Money("5.35")!)]))?.code == .paymentDescriptionRequired)
        #expect(refusal(draft(payments: [Payment(method: .other, amount: Money("5.35")!, description: "vale")]))?.code == .paymentDescriptionRequired)
        #expect(refusal(draft(payments: [Payment(method: .other, amount: Money("5.35")!, description: "Vale de la casa #12")])) == nil)
        #expect(refusal(draft(payments: []))?.code == .noPayments)
        #expect(refusal(draft(payments: [.cash(.zero)]))?.code == .invalidAmount)
        // Card covers part, cash the rest with change from the cash: fine.
        #expect(refusal(draft(payments: [Payment(method: .debitCard, amount: Money("3.00")!), .cash(Money("5.00")!)])) == nil)
    }

    @Test("lines: none, zero quantity, negative price, discount above price, control characters")
    func lines() {
        #expect(refusal(draft(lines: []))?.code == .noLines)
        let zero = LineItem(description: "Nada", quantity: Quantity(millionths: 0), unitPrice: Money("1.00")!, rate: .general)
        #expect(refusal(draft(lines: [zero]))?.field == "lines[0].quantity")
        let negative = LineItem(description: "Negativo", quantity: Quantity(1), unitPrice: Money("-1.00")!, rate: .general)
        #expect(refusal(draft(lines: [negative]))?.code == .invalidAmount)
        let discount = Fixtures.line("Promo", "1", "1.00", .general, discount: "2.00")
        #expect(refusal(draft(lines: [discount]))?.code == .discountExceedsPrice)
        let control = Fixtures.line("Mal\u{0007}texto", "1", "1.00", .general)
        #expect(refusal(draft(lines: [control]))?.code == .invalidText)
        let tooMany = Array(repeating: Fixtures.line("Chicle", "1", "0.10", .general), count: 1001)
        #expect(refusal(draft(lines: tooMany, payments: [.cash(Money("200.00")!)]))?.code == .tooManyLines)
    }

    @Test("issuer and receiver fields are checked against the schema's forms")
    func parties() {
        var issuer = Fixtures.issuer
        issuer.taxID.ruc = "8*888"
        #expect(refusal(draft(), issuer: issuer)?.code == .invalidRUC)
        issuer = Fixtures.issuer
        issuer.taxID.dv = "5"
        #expect(refusal(draft(), issuer: issuer)?.field == "issuer.taxID.dv")
        issuer = Fixtures.issuer
        issuer.branch = "01"
        #expect(refusal(draft(), issuer: issuer)?.code == .invalidBranch)
        issuer = Fixtures.issuer
        issuer.phones = ["12345"]
        #expect(refusal(draft(), issuer: issuer)?.code == .invalidPhone)
        issuer = Fixtures.issuer
        issuer.coordinates = "8.9,79.5"
        #expect(refusal(draft(), issuer: issuer)?.field == "issuer.coordinates")
        #expect(refusal(draft(receiver: .finalConsumer(name: "J")))?.field == "receiver.name")
    }

    @Test("Issue 16: an issuer checked once (CheckedIssuer) makes the same document; one the check refuses is refused with the same error")
    func checkedIssuer() throws {
        let draft = draft()
        let issuance = Fixtures.issuance(number: 7)
        let checked = try CheckedIssuer(Fixtures.issuer)
        #expect(try FiscalDocument(draft: draft, issuer: checked, issuance: issuance)
            == FiscalDocument(draft: draft, issuer: Fixtures.issuer, issuance: issuance))
        var issuer = Fixtures.issuer
        issuer.branch = "01"
        #expect(throws: CajaError.self) { try CheckedIssuer(issuer) }
        do { _ = try CheckedIssuer(issuer) } catch {
            #expect(error.code == refusal(draft, issuer: issuer)?.code)
            #expect(error.code == .invalidBranch)
        }
        // The draft is still checked with a checked issuer.
        var bad = draft
        bad.lines = []
        #expect(throws: CajaError.self) { try FiscalDocument(draft: bad, issuer: checked, issuance: issuance) }
    }

    @Test("RUC forms of the schema are accepted, others refused")
    func rucForms() {
        for ruc in ["8-888-8888", "155596713-2-2015", "PE-12-345", "N-19-1234", "E-8-12345", "8-NT-1-12", "10-AV-1-2", "PI-12-3", "8PI-123-45", "NT-1-234"] {
            #expect(TaxpayerID.isValidRUC(ruc), "refused \(ruc)")
        }
        for ruc in ["8-88", "ABC-12345", "8 888 8888", "PE-", "123-XX-456", "123456789012345678901"] {
            #expect(!TaxpayerID.isValidRUC(ruc), "accepted \(ruc)")
        }
    }

    @Test("numbers, points of sale and security codes have the schema's ranges")
    func identifiers() throws {
        #expect(throws: CajaError.self) { try DocumentNumber(0) }
        #expect(throws: CajaError.self) { try DocumentNumber(10_000_000_000) }
        #expect(try DocumentNumber(1).description == "0000000001")
        #expect(throws: CajaError.self) { try PointOfSale("000") }
        #expect(throws: CajaError.self) { try PointOfSale("1") }
        #expect(throws: CajaError.self) { try SecurityCode("000000000") }
        #expect(throws: CajaError.self) { try SecurityCode("12345678") }
    }

    @Test("dSeg comes from the injected random source: same seed, same codes; always valid")
    func securityCodeFromRandomSource() throws {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let first = (0..<50).map { _ in SecurityCode.random(using: &a).value }
        let second = (0..<50).map { _ in SecurityCode.random(using: &b).value }
        #expect(first == second)
        for code in first { #expect(try SecurityCode(code).value == code) }
    }

    @Test("a document round-trips through JSON; a tampered CUFE is refused on decoding")
    func jsonRoundTrip() throws {
        let document = try Fixtures.offlineInvoice()
        let data = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(FiscalDocument.self, from: data) == document)
        var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["cufe"] = try Fixtures.offlineGenericCreditNote().cufe.value
        let tampered = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FiscalDocument.self, from: tampered) }
    }

    @Test("every error code has a Spanish message of its own")
    func spanishCatalog() {
        let messages = ErrorCode.allCases.map(SpanishMessages.message(for:))
        #expect(messages.allSatisfy { !$0.isEmpty && $0.hasSuffix(".") })
        #expect(Set(messages).count == messages.count)
        #expect(Set(ErrorCode.allCases.map(\.rawValue)).count == ErrorCode.allCases.count)
        let error = CajaError(.offlineWindowExpired, "test")
        #expect(error.spanishMessage.contains("24 horas"))
    }
}
