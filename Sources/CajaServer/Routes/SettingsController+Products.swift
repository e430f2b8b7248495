import CajaCore
import Hummingbird

/// `/v1/admin/products`: list, create, change, deactivate.
extension SettingsController {
    func addProductRoutes(to admin: RouterGroup<AppContext>) {
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
    }
}
