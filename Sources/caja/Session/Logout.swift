import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cierra la sesión (no se permite con documentos sin enviar).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            try await register.logout()
            return ["status": "ok"]
        }, text: { _ in "Sesión cerrada.\n" })
    }
}
