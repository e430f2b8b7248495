import CajaCore
import Foundation

/// Documents used across the tests: built from real values, never from stubs.
enum Fixtures {
    static let issuer = Issuer(
        taxID: TaxpayerID(kind: .legalEntity, ruc: "155596713-2-2015", dv: "59"),
        name: #"Café & Té <Niño> "Ñandú" 'Panamá', S.A."#,
        branch: "0001",
        coordinates: "+8.9824,-79.5199",
        address: "Calle 50 y Vía España, Local 3",
        location: Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMÁ", province: "PANAMÁ"),
        phones: ["507-1234"],
        environment: .test)

    static let customer = Receiver.taxpayer(.init(
        taxID: TaxpayerID(kind: .legalEntity, ruc: "2588017-1-831938", dv: "20"),
        name: "Distribuidora Ñandú & Hijos, S.A.",
        address: "Vía Israel, San Francisco",
        location: Location(code: "8-8-9", corregimiento: "SAN FRANCISCO", district: "PANAMÁ", province: "PANAMÁ")))

    /// 2026-03-14 10:30:00 in Panama (15:30 UTC).
    static let morning = Date(timeIntervalSince1970: 1_773_502_200)

    static let point = try! PointOfSale("001")

    static func line(_ description: String, _ quantity: String, _ price: String, _ rate: ITBMSRate,
                     discount: String = "0") -> LineItem {
        LineItem(code: "P-\(rate.percent)", description: description, quantity: Quantity(quantity)!,
                 unitPrice: Money(price)!, unitDiscount: Money(discount)!, rate: rate)
    }

    static func issuance(number: Int64, at date: Date = morning, contingency: Contingency? = nil,
                         code: String = "745018343") -> Issuance {
        Issuance(pointOfSale: point, number: try! DocumentNumber(number), issuedAt: date,
                 securityCode: try! SecurityCode(code), contingency: contingency)
    }

    static let contingency = Contingency(start: morning.addingTimeInterval(-3600),
                                         reason: "Sin conexión a internet desde las 9:30")

    /// 01 offline to consumidor final, all four rates, decimals, cash with change.
    static func offlineInvoice() throws -> FiscalDocument {
        let draft = DocumentDraft(
            id: UUID(), type: .invoice,
            lines: [
                line(#"Arroz "Doña Chela" 5 lb & más <promo>"#, "2", "4.25", .general),
                line("Leche descremada 1 L", "1", "1.35", .exempt),
                line("Cerveza nacional 355 ml", "6", "0.95", .reduced10),
                line("Cigarrillos, cajetilla", "1", "5.10", .tobacco),
                line("Queso blanco (kg)", "0.375", "9.99", .general),
            ],
            payments: [.cash(Money("30.00")!)])
        return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance(number: 41, contingency: contingency))
    }

    /// 06 offline to consumidor final.
    static func offlineGenericCreditNote() throws -> FiscalDocument {
        let draft = DocumentDraft(id: UUID(), type: .genericCreditNote,
                                  lines: [line("Devolución: leche vencida", "1", "1.35", .exempt)],
                                  payments: [.cash(Money("1.35")!)])
        return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance(number: 3, contingency: contingency))
    }

    /// 01 online to a taxpayer, card + cash with change, discount, decimal quantity.
    static func onlineTaxpayerInvoice() throws -> FiscalDocument {
        let draft = DocumentDraft(
            id: UUID(), type: .invoice, billingMethod: .fullInvoice, receiver: customer,
            lines: [
                line("Vino tinto reserva (litros)", "1.5", "4.00", .reduced10),
                line("Servicio de entrega", "1", "12.00", .general, discount: "2.00"),
            ],
            payments: [Payment(method: .creditCard, amount: Money("10.00")!), .cash(Money("20.00")!)])
        return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance(number: 1_000_001))
    }

    /// 04 referencing the online invoice.
    static func creditNote(referencing invoice: FiscalDocument) throws -> FiscalDocument {
        let draft = DocumentDraft(
            id: UUID(), type: .creditNote, billingMethod: .fullInvoice, receiver: customer,
            lines: [line("Devolución de vino tinto", "0.5", "4.00", .reduced10)],
            payments: [Payment(method: .transfer, amount: Money("2.20")!)],
            references: [DocumentReference(cufe: invoice.cufe.value, issuedAt: invoice.issuance.issuedAt,
                                           issuerName: issuer.name, issuerTaxID: issuer.taxID)])
        return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance(number: 7, at: morning.addingTimeInterval(7200)))
    }
}
