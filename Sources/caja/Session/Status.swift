import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Estado: en línea u offline, tiempo restante, pendientes, números.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in try register.status() }, text: { status in
            var text = ""
            if status.loggedIn || status.mode != .online {
                text += status.banner + "\n"
                text += "Usuario: \(status.user ?? "-")  Punto: \(status.pointOfSale ?? "-")  Servidor: \(status.server ?? "-")\n"
                if !status.loggedIn { text += "Sin sesión en el servidor: para enviar los documentos, inicie sesión (caja login ...)\n" }
                for coverage in status.coverage { text += coverage.text + "\n" }
            } else {
                text += "Sin sesión. Use: caja login ...\n"
            }
            text += status.journal.text + "\n"
            if status.conflicts + status.rejected > 0 {
                text += "Documentos en conflicto: \(status.conflicts), rechazados: \(status.rejected)\n"
            }
            return text
        })
    }
}
