import CajaCore
import Hummingbird

/// `/v1/admin/company`: the company's data (*Configuración › Empresa*).
extension SettingsController {
    func addCompanyRoutes(to admin: RouterGroup<AppContext>) {
        admin.get("company") { _, context in JSONResponse(value: try await settings.company(of: try context.requireIdentity())) }
        admin.put("company") { request, context in
            let identity = try context.requireIdentity().require(.admin)
            let body = try await StrictJSON.decode(CompanySettings.self, from: request, limit: maxBodySize)
            return JSONResponse(value: try await settings.updateCompany(body, by: identity))
        }
    }
}
