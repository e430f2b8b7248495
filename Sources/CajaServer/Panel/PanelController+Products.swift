import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Productos* (issue 14): add a product, change its price and rate, deactivate it.
extension PanelController {
    func productsPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let products = try await settings.products(of: try context.requireIdentity())
        func rates(_ selected: ITBMSRate) -> [DocumentsView.Option] {
            ITBMSRate.allCases.map { DocumentsView.Option(value: $0.rawValue, label: "\($0.percent) %", selected: $0 == selected) }
        }
        let view = ProductsSettingsView(
            products: products.map {
                .init(code: $0.product.code, name: $0.product.name, price: PanelFormat.money($0.product.price),
                      priceInput: $0.product.price.description, rate: "\($0.product.rate.percent) %", rateOptions: rates($0.product.rate),
                      active: $0.active)
            },
            rateOptions: rates(outcome.typed["tasa"].flatMap(ITBMSRate.init(rawValue:)) ?? .general),
            newCode: outcome.typed("codigo"), newName: outcome.typed("nombre"), newPrice: outcome.typed("precio"))
        return try settingsPage("Productos", "/panel/configuracion/productos", context, outcome, view)
    }

    func addProductSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/productos") { _, context in try await guarded(context) { try await productsPage(context) } }
        panel.post("configuracion/productos") { request, context in
            try await guarded(context) {
                try await settingsForm(request, context, done: "Producto agregado.", page: productsPage) { form, identity in
                    _ = try await settings.save(try Self.product(form, code: form["codigo"] ?? ""), creating: true, by: identity)
                }
            }
        }
        panel.post("configuracion/productos/:code") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Precio de \(code) cambiado.", page: productsPage) { form, identity in
                    _ = try await settings.save(try Self.product(form, code: code), creating: false, by: identity)
                }
            }
        }
        panel.post("configuracion/productos/:code/desactivar") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Producto \(code) desactivado.", page: productsPage) { form, identity in
                    try Self.requireConfirmation(form)
                    _ = try await settings.deactivate(product: code, by: identity)
                }
            }
        }
    }

    /// A product form: code, name, price (comma or point decimals), ITBMS rate.
    static func product(_ form: [String: String], code: String) throws -> Product {
        let priceText = (form["precio"] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let price = Money(priceText) else { throw CajaError(.invalidAmount, field: "precio", "price '\(priceText)' is not an amount") }
        guard let rate = form["tasa"].flatMap(ITBMSRate.init(rawValue:)) else {
            throw CajaError.invalidRequest("tasa must be 00, 01, 02 or 03", field: "tasa")
        }
        return Product(code: code.trimmingCharacters(in: .whitespaces), name: (form["nombre"] ?? "").trimmingCharacters(in: .whitespaces),
                       price: price, rate: rate)
    }
}
