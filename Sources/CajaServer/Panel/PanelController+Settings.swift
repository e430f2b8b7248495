import CajaCore
import Foundation
import Hummingbird

/// *Configuración*: `/panel/configuracion` and its forms (issue 14). The forms call the same
/// ``SettingsService`` as `/v1/admin`, so the same checks and the same audit entries apply.
extension PanelController {
    func settingsPage(_ context: AppContext, notice: String? = nil, error: CajaError? = nil, typed: [String: String] = [:],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await settings.users(of: identity)
        let products = try await settings.products(of: identity)
        let audit = try await settings.audit(of: identity, action: nil)
        func rates(_ selected: ITBMSRate) -> [DocumentsView.Option] {
            ITBMSRate.allCases.map { DocumentsView.Option(value: $0.rawValue, label: "\($0.percent) %", selected: $0 == selected) }
        }
        let role = typed["rol"].flatMap(Role.init(rawValue:)) ?? .cashier
        var view = SettingsView(
            admin: identity.role == .admin, notice: notice,
            error: error.map { $0.spanishMessage + ($0.field.map { " (campo: \($0))" } ?? "") },
            users: users.map { .init(username: $0.username, role: $0.role.spanishName, active: $0.active) },
            products: products.map {
                .init(code: $0.product.code, name: $0.product.name, price: PanelFormat.money($0.product.price),
                      priceInput: $0.product.price.description, rate: "\($0.product.rate.percent) %", rateOptions: rates($0.product.rate),
                      active: $0.active)
            },
            audit: audit.map {
                .init(at: PanelFormat.dateTime($0.at), actor: $0.actor, action: Self.auditLabel($0.action), subject: $0.subject,
                      change: [$0.before.map { "antes \($0)" }, $0.after.map { "después \($0)" }].compactMap { $0 }.joined(separator: " → "))
            },
            roleOptions: Role.allCases.map { DocumentsView.Option(value: $0.rawValue, label: $0.spanishName, selected: $0 == role) },
            rateOptions: rates(typed["tasa"].flatMap(ITBMSRate.init(rawValue:)) ?? .general))
        view.newUser = typed["usuario"] ?? ""
        view.newCode = typed["codigo"] ?? ""
        view.newName = typed["nombre"] ?? ""
        view.newPrice = typed["precio"] ?? ""
        return renderer.html("settings", try page("Configuración", "/panel/configuracion", context, view), status: status)
    }

    /// Runs one form's change, then shows the page again: with a notice, or with the refusal
    /// and what was typed.
    func settingsForm(_ request: Request, _ context: AppContext, done notice: String,
                      _ change: ([String: String], Identity) async throws -> Void) async throws -> Response {
        let form = try await PanelSession.form(request)
        try checkCSRF(form, context)
        do {
            try await change(form, try context.requireIdentity())
        } catch let error as CajaError where error.kind != .forbidden {
            var typed = form
            typed["clave"] = nil
            return try await settingsPage(context, error: error, typed: typed, status: error.status)
        }
        return try await settingsPage(context, notice: notice)
    }

    func addSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion") { _, context in try await guarded(context) { try await settingsPage(context) } }
        panel.post("configuracion/usuarios") { request, context in
            try await guarded(context) {
                try await settingsForm(request, context, done: "Usuario agregado.") { form, identity in
                    guard let role = form["rol"].flatMap(Role.init(rawValue:)) else {
                        throw CajaError.invalidRequest("rol debe ser admin, supervisor o cashier", field: "rol")
                    }
                    _ = try await settings.createUser(UserRequest(username: (form["usuario"] ?? "").trimmingCharacters(in: .whitespaces),
                                                                  password: form["clave"] ?? "", role: role), by: identity)
                }
            }
        }
        panel.post("configuracion/usuarios/:name/desactivar") { request, context in
            try await guarded(context) {
                let name = try context.parameters.require("name")
                return try await settingsForm(request, context, done: "Usuario \(name) desactivado: sus sesiones terminaron.") { _, identity in
                    _ = try await settings.disableUser(name, by: identity)
                }
            }
        }
        panel.post("configuracion/productos") { request, context in
            try await guarded(context) {
                try await settingsForm(request, context, done: "Producto agregado.") { form, identity in
                    _ = try await settings.save(try Self.product(form, code: form["codigo"] ?? ""), creating: true, by: identity)
                }
            }
        }
        panel.post("configuracion/productos/:code") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Precio de \(code) cambiado.") { form, identity in
                    _ = try await settings.save(try Self.product(form, code: code), creating: false, by: identity)
                }
            }
        }
        panel.post("configuracion/productos/:code/desactivar") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Producto \(code) desactivado.") { _, identity in
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

    static func auditLabel(_ action: String) -> String {
        ["user.create": "Usuario agregado", "user.disable": "Usuario desactivado", "product.create": "Producto agregado",
         "product.update": "Producto cambiado", "product.deactivate": "Producto desactivado"][action] ?? action
    }
}
