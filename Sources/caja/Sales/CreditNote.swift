import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct CreditNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-note", abstract: "Nota de crédito: genérica (06) con --generic, o referida a una factura (04) con --ref CUFE.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sale: SaleOptions
    @Flag(help: "Nota de crédito genérica (06).") var generic = false
    @Option(help: "CUFE de la factura que se corrige (04).") var ref: String?
    @Option(help: "Efectivo devuelto (por defecto el total).") var cash: String?

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let paper = try sale.paper()
            let items = try sale.saleItems()
            let amount = try money(cash, option: "--cash")
            switch (generic, ref) {
            case (true, nil): return SaleOutput(try await register.genericCreditNote(items, cash: amount), paper: paper)
            case (false, let ref?): return SaleOutput(try await register.creditNote(items, referencing: ref, cash: amount), paper: paper)
            default: throw invalid("Use --generic o --ref CUFE (uno de los dos).")
            }
        }, text: \.receipt)
    }
}
