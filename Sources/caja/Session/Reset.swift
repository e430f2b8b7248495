import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Reset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reinicia la caja: devuelve los números no usados y borra los datos locales (no se permite con documentos sin enviar).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in ["voidedNumbers": try await register.reset()] },
                             text: { "Caja reiniciada. Números devueltos (anulados): \($0["voidedNumbers"] ?? 0).\n" })
    }
}
