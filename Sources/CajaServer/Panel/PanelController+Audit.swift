import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Bitácora* (issue 14): the append-only log of every settings change.
extension PanelController {
    func auditPage(_ context: AppContext) async throws -> Response {
        let audit = try await settings.audit(of: try context.requireIdentity(), action: nil)
        let view = AuditView(rows: audit.map {
            .init(at: PanelFormat.dateTime($0.at), actor: $0.actor, action: Self.auditLabel($0.action), subject: $0.subject,
                  change: [$0.before.map { "antes \($0)" }, $0.after.map { "después \($0)" }].compactMap { $0 }.joined(separator: " → "))
        })
        return try settingsPage("Bitácora", "/panel/configuracion/bitacora", context, SettingsOutcome(), view)
    }

    func addAuditRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/bitacora") { _, context in try await guarded(context) { try await auditPage(context) } }
    }

    static func auditLabel(_ action: String) -> String {
        ["user.create": "Usuario agregado", "user.disable": "Usuario desactivado", "product.create": "Producto agregado",
         "product.update": "Producto cambiado", "product.deactivate": "Producto desactivado",
         "product.import": "Productos importados (CSV)"][action] ?? action
    }
}
