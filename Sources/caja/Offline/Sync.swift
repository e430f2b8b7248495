import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Envía al servidor los documentos pendientes.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in try await register.sync() }, text: Self.describe)
    }

    static func describe(_ summary: SyncSummary) -> String {
        var text = "Enviados: \(summary.sent). Pendientes: \(summary.pending).\n"
        if summary.conflicts + summary.rejected > 0 {
            text += "ATENCIÓN: \(summary.conflicts) en conflicto y \(summary.rejected) rechazados; quedan guardados (vea caja status).\n"
        }
        if let problem = summary.journalProblem { text += "ATENCIÓN: \(problem)\n" }
        return text
    }
}
