import CajaCore
import Hummingbird

/// Resolves `Authorization: Bearer TOKEN` into the context's ``Identity``; no token, an
/// unknown or expired one → 401 with the API's error body.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let token = Self.bearerToken(request), let identity = try await accounts.authenticate(token: token) else {
            throw CajaError.unauthorized
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        let token = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
