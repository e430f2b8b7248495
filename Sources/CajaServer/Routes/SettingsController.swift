import CajaCore
import Hummingbird

/// A company's settings under `/v1/admin` (issue 14): users and products, and the audit log
/// of their changes. Admins change them; supervisors read; cashiers get 403.
struct SettingsController {
    let settings: SettingsService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        let admin = group.group("admin")
        admin.get("users") { _, context in JSONResponse(value: try await settings.users(of: try context.requireIdentity())) }
        admin.post("users") { request, context in
            let body = try await StrictJSON.decode(UserRequest.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await settings.createUser(body, by: try context.requireIdentity()))
        }
        admin.post("users/:username/disable") { _, context in
            let name = try context.parameters.require("username")
            return JSONResponse(value: try await settings.disableUser(name, by: try context.requireIdentity()))
        }
        admin.get("products") { _, context in JSONResponse(value: try await settings.products(of: try context.requireIdentity())) }
        admin.post("products") { request, context in
            let body = try await StrictJSON.decode(Product.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await settings.save(body, creating: true, by: try context.requireIdentity()))
        }
        admin.put("products/:code") { request, context in
            let code = try context.parameters.require("code")
            let body = try await StrictJSON.decode(Product.self, from: request, limit: maxBodySize)
            guard body.code == code else { throw CajaError.invalidRequest("the body's code must be the path's", field: "code") }
            return JSONResponse(value: try await settings.save(body, creating: false, by: try context.requireIdentity()))
        }
        admin.post("products/:code/deactivate") { _, context in
            let code = try context.parameters.require("code")
            return JSONResponse(value: try await settings.deactivate(product: code, by: try context.requireIdentity()))
        }
        admin.get("audit") { request, context in
            let action = request.uri.queryParameters["action"].map(String.init)
            return JSONResponse(value: try await settings.audit(of: try context.requireIdentity(), action: action))
        }
    }
}
