import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

struct Catalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lista los productos del catálogo guardado.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            guard let catalog = try? register.store.catalog() else { throw RegisterError.notLoggedIn }
            return catalog.products
        }, text: { products in
            products.map { "\($0.code)\t\($0.name)\tB/. \($0.price)\tITBMS \($0.rate.percent)%\n" }.joined()
        })
    }
}

