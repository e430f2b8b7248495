import CajaCore
import Hummingbird

/// `/v1/admin/users`: list, create, disable, reset a password, limit to some points of sale.
extension SettingsController {
    func addUserRoutes(to admin: RouterGroup<AppContext>) {
        admin.get("users") { _, context in JSONResponse(value: try await settings.users(of: try context.requireIdentity())) }
        admin.post("users") { request, context in
            let body = try await StrictJSON.decode(UserRequest.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await settings.createUser(body, by: try context.requireIdentity()))
        }
        admin.post("users/:username/disable") { _, context in
            let name = try context.parameters.require("username")
            return JSONResponse(value: try await settings.disableUser(name, by: try context.requireIdentity()))
        }
        admin.post("users/:username/password") { request, context in
            let name = try context.parameters.require("username")
            let body = try await StrictJSON.decode(PasswordReset.self, from: request, limit: maxBodySize)
            return JSONResponse(value: try await settings.resetPassword(of: name, to: body.password, by: try context.requireIdentity()))
        }
        admin.put("users/:username/points") { request, context in
            let name = try context.parameters.require("username")
            let body = try await StrictJSON.decode(UserPoints.self, from: request, limit: maxBodySize)
            return JSONResponse(value: try await settings.setPoints(of: name, to: body.points, by: try context.requireIdentity()))
        }
    }
}
