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
            let filter = try AuditFilter.parse(Self.query(request))
            return JSONResponse(value: try await settings.audit(of: try context.requireIdentity(), filter: filter))
        }
    }

    /// A query parameter by name; an empty one is absent.
    static func query(_ request: Request) -> (String) -> String? {
        let query = request.uri.queryParameters
        return { name in query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
    }
}
