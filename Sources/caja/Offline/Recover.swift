import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Recover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reconstruye desde el diario los documentos sin enviar (p. ej. si se perdió la base de datos).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let recovered = try register.recover()
            let status = try register.status()
            return RecoverOutput(recovered: recovered, pending: status.pending, mode: status.mode)
        }, text: { (output: RecoverOutput) -> String in
            var text = "Documentos recuperados del diario: \(output.recovered). Pendientes de envío: \(output.pending).\n"
            if output.mode != .online {
                text += "La sesión offline que estaba abierta sigue activa: puede seguir vendiendo sin conexión.\n"
            }
            if output.pending > 0 { text += "Envíelos con: caja sync (inicie sesión antes si hace falta: caja login ...)\n" }
            return text
        })
    }
}
