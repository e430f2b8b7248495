import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct ZReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "z-report", abstract: "Reporte Z del día (solo en línea).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in try await register.zReport() }, text: { report in
            var text = "REPORTE Z — punto \(report.pointOfSale), día \(report.day)\n"
            for line in report.byType {
                text += "Tipo \(line.type): \(line.count) documentos, del \(line.firstNumber) al \(line.lastNumber), total B/. \(line.total)\n"
            }
            return text
        })
    }
}
