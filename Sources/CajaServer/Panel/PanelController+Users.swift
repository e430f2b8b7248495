import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Usuarios* (issue 14): add a user, disable one (its sessions end at once).
extension PanelController {
    func usersPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let users = try await settings.users(of: try context.requireIdentity())
        let role = outcome.typed["rol"].flatMap(Role.init(rawValue:)) ?? .cashier
        let view = UsersSettingsView(
            users: users.map { .init(username: $0.username, role: $0.role.spanishName, active: $0.active) },
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
    }
}
