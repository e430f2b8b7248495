import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Offline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Modo offline (contingencia): on para activarlo, off para volver a línea.",
                                                    subcommands: [On.self, Off.self])

    struct On: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Activa el modo offline: motivo de 15 a 150 caracteres y aceptación de las condiciones.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Motivo de la contingencia (15-150 caracteres).") var reason: String
        @Flag(name: .customLong("accept-terms"), help: "Acepto las condiciones y riesgos del modo offline.") var acceptTerms = false

        func run() async throws {
            try await global.run({ register throws(RegisterError) in
                _ = try register.activateOffline(reason: reason, acceptTerms: acceptTerms)
                return try register.status()
            }, text: { status in
                OfflineTerms.text + "\nCondiciones aceptadas por \(status.user ?? "-").\n" + status.banner + "\n"
            })
        }
    }

    struct Off: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Vuelve a línea: envía los documentos offline y cierra la sesión offline.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.run({ register throws(RegisterError) in try await register.deactivateOffline() },
                                 text: { "En línea. " + Sync.describe($0) })
        }
    }
}
