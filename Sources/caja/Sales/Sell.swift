import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Sell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Venta rápida (caja registradora) a consumidor final, en efectivo.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sale: SaleOptions
    @Option(help: "Efectivo recibido (por defecto, el total exacto).") var cash: String?

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let paper = try sale.paper()
            return SaleOutput(try await register.sell(try sale.saleItems(), cash: try money(cash, option: "--cash")), paper: paper)
        }, text: \.receipt)
    }
}
