import CajaCore
import Hummingbird

/// `POST /v1/sessions` (login, public) and `DELETE /v1/sessions` (logout).
struct SessionController {
    let accounts: AccountService
    let maxBodySize: Int

    func addPublicRoutes(to group: RouterGroup<AppContext>) {
        group.post("sessions") { request, context in
            let body = try await StrictJSON.decode(SessionRequest.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await accounts.login(body, from: context.remoteAddress))
        }
    }

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.delete("sessions") { request, context in
            _ = try context.requireIdentity()
            if let token = AuthMiddleware.bearerToken(request) { try await accounts.logout(token: token) }
            return HTTPResponse.Status.noContent
        }
    }
}
