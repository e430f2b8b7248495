import CajaCore
import Foundation
import Hummingbird

/// *Configuración*: `/panel/configuracion/…`, one page per section (issue 14). The forms call
/// the same services as `/v1/admin`, so the same checks and the same audit entries apply.
/// A change that cannot be undone (disable, deactivate, retire) asks for a ticked confirmation
/// box in its own form: the panel's content security policy runs no script, so no `confirm()`.
extension PanelController {
    /// Renders one section's page around its view.
    func settingsPage<Section: Sendable>(_ title: String, _ path: String, _ context: AppContext, _ outcome: SettingsOutcome,
                                         _ section: Section) throws -> Response {
        let identity = try context.requireIdentity()
        let body = SettingsPage(admin: identity.role == .admin, notice: outcome.notice, error: outcome.message,
                                errorField: outcome.error?.field, sections: SettingsPage<Section>.sections(active: path), section: section)
        return renderer.html(Self.template(path), try page(title, "/panel/configuracion", context, body), status: outcome.status)
    }

    /// `/panel/configuracion/usuarios` is drawn by `settings-usuarios.mustache`.
    static func template(_ path: String) -> String { "settings-" + (path.split(separator: "/").last.map(String.init) ?? "") }

    /// Runs one form's change, then shows its page again: with a notice, or with the refusal
    /// and what was typed (never a password or a secret).
    func settingsForm(_ request: Request, _ context: AppContext, done notice: @autoclosure () -> String,
                      page: (AppContext, SettingsOutcome) async throws -> Response,
                      _ change: ([String: String], Identity) async throws -> Void) async throws -> Response {
        try await settingsForm(try await PanelSession.form(request), context, done: notice(), page: page, change)
    }

    /// ``settingsForm(_:_:done:page:_:)`` for a form already read. The notice is made after the
    /// change, so it can tell what the change answered.
    func settingsForm(_ form: [String: String], _ context: AppContext, done notice: @autoclosure () -> String,
                      page: (AppContext, SettingsOutcome) async throws -> Response,
                      _ change: ([String: String], Identity) async throws -> Void) async throws -> Response {
        try checkCSRF(form, context)
        do {
            try await change(form, try context.requireIdentity())
        } catch let error as CajaError where error.kind != .forbidden {
            var typed = form
            typed["clave"] = nil
            return try await page(context, SettingsOutcome(error: error, typed: typed, status: error.status))
        }
        return try await page(context, SettingsOutcome(notice: notice()))
    }

    /// A form that cannot be undone carries a ticked `confirmar` box.
    static func requireConfirmation(_ form: [String: String]) throws(CajaError) {
        guard form["confirmar"] == "si" else {
            throw CajaError.invalidRequest("tick the confirmation box to do this", field: "confirmar")
        }
    }

    func addSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion") { _, context in
            try await guarded(context) {
                _ = try context.requireIdentity().require(.admin, .supervisor)
                return Response.redirect(to: "/panel/configuracion/empresa")
            }
        }
        addCompanySettingsRoutes(to: panel)
        addCertificateSettingsRoutes(to: panel)
        addPointSettingsRoutes(to: panel)
        addUserSettingsRoutes(to: panel)
        addProductSettingsRoutes(to: panel)
        addDeviceSettingsRoutes(to: panel)
        addAuditRoutes(to: panel)
    }
}
