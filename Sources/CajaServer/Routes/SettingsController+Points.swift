import CajaCore
import Hummingbird

/// `/v1/admin/points`: list, add (or reactivate), describe, deactivate.
extension SettingsController {
    func addPointRoutes(to admin: RouterGroup<AppContext>) {
        admin.get("points") { _, context in JSONResponse(value: try await settings.points(of: try context.requireIdentity())) }
        admin.post("points") { request, context in
            let body = try await StrictJSON.decode(PointRequest.self, from: request, limit: maxBodySize)
            let (point, created) = try await settings.addPoint(body, by: try context.requireIdentity())
            return JSONResponse(status: created ? .created : .ok, value: point)
        }
        admin.put("points/:code") { request, context in
            let code = try context.parameters.require("code")
            let body = try await StrictJSON.decode(PointDescription.self, from: request, limit: maxBodySize)
            return JSONResponse(value: try await settings.describePoint(code, as: body.description, by: try context.requireIdentity()))
        }
        admin.post("points/:code/deactivate") { _, context in
            let code = try context.parameters.require("code")
            return JSONResponse(value: try await settings.deactivatePoint(code, by: try context.requireIdentity()))
        }
    }
}
