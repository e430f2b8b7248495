import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Bitácora* (issue 14): the append-only log of every settings change.
extension PanelController {
    func auditPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let value = request.query
        var outcome = SettingsOutcome()
        var filter = AuditFilter()
        do { filter = try AuditFilter.parse(value) } catch {
            outcome = SettingsOutcome(error: error, status: error.status)
        }
        let audit = outcome.error == nil ? try await settings.audit(of: try context.requireIdentity(), filter: filter) : []
        let view = AuditView(
            rows: audit.map {
                .init(at: PanelFormat.dateTime($0.at), actor: $0.actor, action: Self.auditLabel($0.action), subject: $0.subject,
                      change: [$0.before.map { "antes \($0)" }, $0.after.map { "después \($0)" }].compactMap { $0 }.joined(separator: " → "))
            },
            areas: [DocumentsView.Option(value: "", label: "Todas", selected: filter.area == nil)]
                + AuditFilter.areas.map { DocumentsView.Option(value: $0.0, label: $0.1, selected: $0.0 == filter.area) },
            actor: value("actor") ?? "", from: value("from") ?? "", to: value("to") ?? "")
        return try settingsPage("Bitácora", "/panel/configuracion/bitacora", context, outcome, view)
    }

    func addAuditRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/bitacora") { request, context in try await guarded(context) { try await auditPage(request, context) } }
    }

    static func auditLabel(_ action: String) -> String {
        ["user.create": "Usuario agregado", "user.disable": "Usuario desactivado", "product.create": "Producto agregado",
         "product.update": "Producto cambiado", "product.deactivate": "Producto desactivado",
         "company.update": "Datos de la empresa cambiados",
         "certificate.replace": "Certificado de firma reemplazado",
         "point.create": "Punto de facturación agregado",
         "point.reactivate": "Punto de facturación reactivado",
         "point.update": "Punto de facturación descrito",
         "point.deactivate": "Punto de facturación desactivado",
         "user.password": "Clave de usuario cambiada",
         "user.points": "Puntos de usuario cambiados",
         "device.retire": "Caja retirada",
         "product.import": "Productos importados (CSV)"][action] ?? action
    }
}
