import CajaCore
import Hummingbird

/// A company's settings under `/v1/admin` (issue 14), one file per section: points of sale,
/// users, products, registers, and the audit log of their changes. Admins change them; supervisors read; cashiers get 403.
struct SettingsController {
    let settings: SettingsService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        let admin = group.group("admin")
        addCompanyRoutes(to: admin)
        addPointRoutes(to: admin)
        addUserRoutes(to: admin)
        addDeviceRoutes(to: admin)
        addProductRoutes(to: admin)
        admin.get("audit") { request, context in
            let filter = try AuditFilter.parse(request.query)
            return JSONResponse(value: try await settings.audit(of: try context.requireIdentity(), filter: filter))
        }
    }
}
