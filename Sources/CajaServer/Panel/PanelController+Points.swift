import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Puntos de facturación* (issue 14): add a point (or reactivate one with its
/// numbering where it was), describe it, deactivate it (it issues nothing new).
extension PanelController {
    func pointsPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let points = try await settings.points(of: try context.requireIdentity())
        let view = PointsSettingsView(points: points.map { .init(code: $0.code, description: $0.description, active: $0.active) },
                                      newCode: outcome.typed("codigo"), newDescription: outcome.typed("descripcion"))
        return try settingsPage("Puntos de facturación", "/panel/configuracion/puntos", context, outcome, view)
    }

    func addPointSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/puntos") { _, context in try await guarded(context) { try await pointsPage(context) } }
        panel.post("configuracion/puntos") { request, context in
            try await guarded(context) {
                let form = try await PanelSession.form(request)
                let code = (form["codigo"] ?? "").trimmingCharacters(in: .whitespaces)
                let done = form["reactivar"] == "si" ? "Punto \(code) reactivado: su numeración sigue donde estaba." : "Punto \(code) agregado."
                return try await settingsForm(form, context, done: done, page: pointsPage) { form, identity in
                    _ = try await settings.addPoint(PointRequest(code: code, description: Self.text(form["descripcion"])), by: identity)
                }
            }
        }
        panel.post("configuracion/puntos/:code") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Descripción de \(code) cambiada.", page: pointsPage) { form, identity in
                    _ = try await settings.describePoint(code, as: Self.text(form["descripcion"]), by: identity)
                }
            }
        }
        panel.post("configuracion/puntos/:code/desactivar") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Punto \(code) desactivado: ya no emite documentos.",
                                              page: pointsPage) { form, identity in
                    try Self.requireConfirmation(form)
                    _ = try await settings.deactivatePoint(code, by: identity)
                }
            }
        }
    }

    /// A text field as typed, without the spaces around it.
    static func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespaces) }
}
