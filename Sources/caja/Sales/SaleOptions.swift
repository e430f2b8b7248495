import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

/// Options of every command that issues a document.
struct SaleOptions: ParsableArguments {
    @Argument(help: "Artículos: CÓDIGO o CÓDIGO*CANTIDAD.") var items: [String]
    @Option(name: .customLong("width"), help: "Ancho del recibo en mm: 58 u 80.") var width: Int = 80

    func saleItems() throws(RegisterError) -> [SaleItem] {
        guard !items.isEmpty else { throw invalid("Indique al menos un artículo.") }
        return try items.map { text throws(RegisterError) in try SaleItem(parsing: text) }
    }

    func paper() throws(RegisterError) -> Receipt.Paper {
        guard let paper = Receipt.Paper(rawValue: width) else { throw invalid("Ancho de recibo no válido: \(width). Use 58 u 80.") }
        return paper
    }
}
