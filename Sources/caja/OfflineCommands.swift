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

struct Recover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reconstruye desde el diario los documentos sin enviar (p. ej. si se perdió la base de datos).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let recovered = try register.recover()
            let status = try register.status()
            return RecoverOutput(recovered: recovered, pending: status.pending, mode: status.mode)
        }, text: { output in
            "Documentos recuperados del diario: \(output.recovered). Pendientes de envío: \(output.pending).\n"
                + (output.mode == "online" ? "" : "La sesión offline que estaba abierta sigue activa: puede seguir vendiendo sin conexión.\n")
                + (output.pending > 0 ? "Envíelos con: caja sync (inicie sesión antes si hace falta: caja login ...)\n" : "")
        })
    }
}

struct RecoverOutput: Codable {
    var recovered: Int
    var pending: Int
    /// "online", "offline" (the open session came back) or "offline-blocked".
    var mode: String
}
