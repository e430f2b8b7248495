import CajaCore
import Crypto
import Foundation
import Hummingbird

/// Resolves the panel cookie into the context's identity (admin or supervisor only); without
/// one, a page redirects to the login.
struct PanelAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let token = PanelSession.token(request), let identity = try await accounts.authenticate(token: token),
              identity.role == .admin || identity.role == .supervisor else {
            return .redirect(to: "/panel/login")
        }
        var context = context
        context.identity = identity
        context.panelToken = token
        return try await next(request, context)
    }
}
