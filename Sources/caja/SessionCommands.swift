import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inicia sesión en el servidor y prepara la caja para trabajar sin conexión.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "URL del servidor, p. ej. http://127.0.0.1:8080") var server: String
    @Option(help: "Usuario.") var user: String
    @Option(help: "Contraseña.") var password: String
    @Option(help: "Punto de facturación (001-999).") var pos: String
    @Option(help: "Nombre de este equipo (por defecto el nombre del host).") var device: String?

    func run() async throws {
        let device = self.device ?? ProcessInfo.processInfo.hostName
        try await global.run({ register throws(RegisterError) in
            let login = try await register.login(server: server, user: user, password: password, pointOfSale: pos, device: device)
            return LoginOutput(user: login.user, company: login.companyName, pointOfSale: login.pointOfSale,
                               device: login.deviceName, server: login.serverURL, blocks: try register.status().blocks)
        }, text: { output in
            "Sesión iniciada: \(output.user) en \(output.company), punto \(output.pointOfSale) (\(output.device)).\n"
                + output.blocks.map { "Números reservados para \($0.type): \($0.remaining)\n" }.joined()
        })
    }
}

struct LoginOutput: Codable {
    var user: String
    var company: String
    var pointOfSale: String
    var device: String
    var server: String
    var blocks: [BlockBalance]
}

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

struct Reset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reinicia la caja: devuelve los números no usados y borra los datos locales (no se permite con documentos sin enviar).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in ["voidedNumbers": try await register.reset()] },
                             text: { "Caja reiniciada. Números devueltos (anulados): \($0["voidedNumbers"] ?? 0).\n" })
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Estado: en línea u offline, tiempo restante, pendientes, números.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in try register.status() }, text: { status in
            var text = ""
            if status.loggedIn || status.mode != "online" {
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

struct Catalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lista los productos del catálogo guardado.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            guard let catalog = try? register.store.catalog() else { throw RegisterError.notLoggedInError }
            return catalog.products
        }, text: { products in
            products.map { "\($0.code)\t\($0.name)\tB/. \($0.price)\tITBMS \($0.rate.percent)%\n" }.joined()
        })
    }
}

extension RegisterError {
    static var notLoggedInError: RegisterError {
        RegisterError(.refused, code: "NOT_LOGGED_IN", "Esta caja no ha iniciado sesión. Use: caja login ...")
    }
}
