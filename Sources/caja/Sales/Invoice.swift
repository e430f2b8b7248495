import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Invoice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Factura completa a un contribuyente (solo en línea).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sale: SaleOptions
    @Option(name: .customLong("customer-ruc")) var ruc: String
    @Option(name: .customLong("customer-dv")) var dv: String
    @Option(name: .customLong("customer-name")) var name: String
    @Option(name: .customLong("customer-kind"), help: "1 persona natural, 2 persona jurídica.") var kind: String = "2"
    @Option(name: .customLong("customer-address"), help: "Dirección (por defecto la del emisor).") var address: String?
    @Option(name: .customLong("pay"), help: "Pago METODO:MONTO (efectivo, tarjeta-credito, tarjeta-debito, transferencia). Repetible.")
    var pays: [String] = []

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let paper = try sale.paper()
            guard let kind = TaxpayerID.Kind(rawValue: kind) else { throw invalid("Tipo de contribuyente no válido: \(kind).") }
            guard let issuer = try? register.store.catalogHeader()?.issuer else { throw RegisterError.notLoggedIn }
            // The register keeps no address book: the customer's location defaults to the
            // issuer's (the DGI requires one for a taxpayer), the address to --customer-address.
            let customer = Receiver.Taxpayer(taxID: TaxpayerID(kind: kind, ruc: ruc, dv: dv), name: name,
                                             address: address ?? issuer.address, location: issuer.location)
            let payments = try pays.map { text throws(RegisterError) in try Self.payment(text) }
            return SaleOutput(try await register.invoice(try sale.saleItems(), customer: customer, payments: payments), paper: paper)
        }, text: \.receipt)
    }

    static func payment(_ text: String) throws(RegisterError) -> Payment {
        let parts = text.split(separator: ":").map(String.init)
        let methods: [String: Payment.Method] = ["efectivo": .cash, "tarjeta-credito": .creditCard, "tarjeta-debito": .debitCard,
                                                 "transferencia": .transfer, "cash": .cash, "card": .creditCard, "transfer": .transfer]
        guard parts.count == 2, let method = methods[parts[0].lowercased()] else {
            throw invalid("Pago no válido: «\(text)». Use METODO:MONTO, p. ej. efectivo:20.00")
        }
        guard let amount = try money(parts[1], option: "--pay") else { throw invalid("Falta el monto en «\(text)».") }
        return Payment(method: method, amount: amount)
    }
}
