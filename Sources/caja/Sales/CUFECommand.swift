import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct CUFECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cufe", abstract: "Decodifica y verifica un CUFE.")
    @OptionGroup var global: GlobalOptions
    @Argument var cufe: String

    func run() async throws {
        try await global.run({ _ throws(RegisterError) in
            do throws(CajaError) { return CUFEOutput(try CUFE(parsing: cufe)) } catch { throw RegisterError(error) }
        }, text: { output in
            "CUFE válido (dígito verificador correcto)\nTipo: \(output.type)  RUC: \(output.ruc) DV \(output.dv)  Sucursal: \(output.branch)\n"
                + "Fecha: \(output.date)  Número: \(output.number)  Punto: \(output.point)  Emisión: \(output.emission)  Ambiente: \(output.environment)\n"
        })
    }
}
