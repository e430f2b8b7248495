import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receipt", abstract: "Vuelve a imprimir el recibo de un documento.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Número del documento.") var number: Int64
    @Option(help: "Tipo: 01, 04 o 06.") var type: String = "01"
    @Option(help: "text o escpos (bytes para impresora térmica).") var format: String = "text"
    @Option(help: "Ancho en mm: 58 u 80.") var width: Int = 80

    func run() async throws {
        var bytes: Data?
        try await global.run({ register throws(RegisterError) in
            guard let type = DocumentType(rawValue: type) else { throw invalid("Tipo de documento no válido: \(type).") }
            guard let paper = Receipt.Paper(rawValue: width) else { throw invalid("Ancho no válido: \(width). Use 58 u 80.") }
            guard ["text", "escpos"].contains(format) else { throw invalid("Formato no válido: \(format). Use text o escpos.") }
            guard let stored = try? register.store.document(number: number, type: type) else {
                throw invalid("No hay un documento \(type.dgiCode) número \(number) en esta caja.")
            }
            let output = SaleOutput(stored, paper: paper)
            if format == "escpos" { bytes = Receipt(stored, paper: paper).escpos }
            return output
        }, text: { output in bytes == nil ? output.receipt : "" })
        if let bytes, !global.json { FileHandle.standardOutput.write(bytes) }
    }
}
