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
