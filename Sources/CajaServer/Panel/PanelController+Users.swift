import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Usuarios* (issue 14): add a user, disable one or reset its password (its
/// sessions end at once), limit it to some points of sale.
extension PanelController {
    func usersPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let users = try await settings.users(of: try context.requireIdentity())
        let points = try await settings.points(of: try context.requireIdentity()).filter(\.active).map(\.code)
        let role = outcome.typed["rol"].flatMap(Role.init(rawValue:)) ?? .cashier
        let view = UsersSettingsView(
            users: users.map { user in
                .init(username: user.username, role: user.role.spanishName, active: user.active,
                      points: user.points.isEmpty ? "Todos" : user.points.joined(separator: ", "),
                      pointOptions: points.map { .init(code: $0, checked: user.points.contains($0)) })
            },
            roleOptions: Role.allCases.map { DocumentsView.Option(value: $0.rawValue, label: $0.spanishName, selected: $0 == role) },
            newUser: outcome.typed("usuario"))
        return try settingsPage("Usuarios", "/panel/configuracion/usuarios", context, outcome, view)
    }

    func addUserSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/usuarios") { _, context in try await guarded(context) { try await usersPage(context) } }
        panel.post("configuracion/usuarios") { request, context in
            try await guarded(context) {
                try await settingsForm(request, context, done: "Usuario agregado.", page: usersPage) { form, identity in
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
                return try await settingsForm(request, context, done: "Usuario \(name) desactivado: sus sesiones terminaron.",
                                              page: usersPage) { form, identity in
                    try Self.requireConfirmation(form)
                    _ = try await settings.disableUser(name, by: identity)
                }
            }
        }
        panel.post("configuracion/usuarios/:name/clave") { request, context in
            try await guarded(context) {
                let name = try context.parameters.require("name")
                return try await settingsForm(request, context, done: "Clave de \(name) cambiada: sus sesiones terminaron.",
                                              page: usersPage) { form, identity in
                    try Self.requireConfirmation(form)
                    _ = try await settings.resetPassword(of: name, to: form["clave"] ?? "", by: identity)
                }
            }
        }
        panel.post("configuracion/usuarios/:name/puntos") { request, context in
            try await guarded(context) {
                let name = try context.parameters.require("name")
                return try await settingsForm(request, context, done: "Puntos de facturación de \(name) cambiados.",
                                              page: usersPage) { form, identity in
                    let points = form.filter { $0.key.hasPrefix("punto-") && $0.value == "si" }.map { String($0.key.dropFirst(6)) }
                    _ = try await settings.setPoints(of: name, to: points, by: identity)
                }
            }
        }
    }
}
