import CajaCore
import Foundation
import Hummingbird

/// The web panel under `/panel`: server-rendered HTML for admins and supervisors. Every
/// read is filtered by the session's company; another company's id is a 404 page.
struct PanelController {
    let accounts: AccountService
    let companies: CompanyService
    let documents: DocumentService
    let zReports: ZReportService
    let numbering: NumberingService
    let overview: OverviewService
    let settings: SettingsService
    let renderer: PanelRenderer
    let clock: ServerClock
    let secureCookies: Bool
    /// Open while the server has no company and was started without demo data.
    let setup: SetupGate

    func addRoutes(to router: Router<AppContext>) {
        let open = router.group("panel")
        open.get("login") { request, _ in
            if setup.isOpen { return Response.redirect(to: "/panel/configuracion-inicial") }
            let created = request.uri.queryParameters["empresa"] == "creada"
            return loginPage(error: nil, user: "", notice: created ? "Empresa creada. Inicie sesión con su usuario administrador." : nil)
        }
        open.get("configuracion-inicial") { _, _ in setupPage() }
        open.post("configuracion-inicial") { request, _ in try await submitSetup(request) }
        open.post("login") { request, context in try await login(request, from: context.remoteAddress) }
        open.get("static/panel.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: renderer.stylesheet)))
        }
        let panel = router.group("panel").add(middleware: PanelAuthMiddleware(accounts: accounts))
        panel.get { request, context in try await guarded(context) { try await home(context) } }
        panel.post("logout") { request, context in try await guarded(context) { try await logout(request, context) } }
        panel.get("documentos") { request, context in try await guarded(context) { try await documentList(request, context) } }
        panel.get("documentos.csv") { request, context in try await csv(request, context) }
        panel.get("documentos/:id") { request, context in try await guarded(context) { try await documentDetail(context) } }
        panel.get("documentos/:id/xml") { request, context in try await guarded(context) { try await documentXML(context) } }
        panel.get("sesiones") { request, context in try await guarded(context) { try await sessions(context) } }
        panel.get("numeracion") { request, context in try await guarded(context) { try await numbering(context) } }
        panel.get("reportes-z") { request, context in try await guarded(context) { try await zList(context) } }
        panel.get("reportes-z/:id") { request, context in try await guarded(context) { try await zDetail(context) } }
        panel.get("cola-dgi") { request, context in try await guarded(context) { try await queue(request, context, notice: nil) } }
        panel.post("cola-dgi/:id/reintentar") { request, context in try await guarded(context) { try await retry(request, context) } }
        addSettingsRoutes(to: panel)
    }

    // MARK: - Frame

    func page<Body: Sendable>(_ title: String, _ active: String, _ context: AppContext, _ body: Body) throws -> PanelPage<Body> {
        let identity = try context.requireIdentity()
        return PanelPage(title: title, company: "", user: identity.username,
                         role: identity.role.spanishName,
                         csrf: PanelSession.csrf(forSession: context.panelToken ?? ""), nav: PanelPage<Body>.nav(active: active), body: body)
    }

    /// Turns the API's errors into HTML pages (404 for another company's id, 400 for a bad filter).
    func guarded(_ context: AppContext, _ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let error as CajaError {
            let heading = error.kind == .notFound ? "No encontrado" : "Solicitud no válida"
            // A bad filter says what to type (its detail); everything else says the catalog's sentence.
            let message = error.code == .invalidRequest ? error.detail : error.spanishMessage
            return renderer.html("message", try page(heading, "", context, MessageView(heading: heading, message: message)),
                                 status: error.status)
        }
    }

    // MARK: - Login

    func loginPage(error: String?, user: String, notice: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = PanelSession.randomToken()
        var response = renderer.html("login", LoginView(csrf: csrf, error: error, notice: notice, user: user), status: status)
        response.setCookie(PanelSession.cookie(PanelSession.loginCSRFCookie, csrf, secure: secureCookies, maxAge: 3600))
        return response
    }

    func login(_ request: Request, from address: String?) async throws -> Response {
        let form = try await PanelSession.form(request)
        guard PanelSession.same(form["_csrf"], request.cookies[PanelSession.loginCSRFCookie]?.value) else {
            return loginPage(error: "La sesión del formulario expiró. Intente de nuevo.", user: "", status: .forbidden)
        }
        let user = form["usuario"] ?? ""
        let session: SessionResponse
        do { session = try await accounts.login(SessionRequest(user: user, password: form["clave"] ?? ""), from: address) } catch let error as CajaError {
            // A cashier's right password fails later, for lacking a till: tell them where they belong.
            if error.code == .deviceSessionRequired {
                return loginPage(error: "El panel es para administradores y supervisores.", user: user, status: .forbidden)
            }
            if error.code == .loginThrottled {
                var page = loginPage(error: "Demasiados intentos fallidos. Espere \(error.retryAfter ?? 1) segundos e intente de nuevo.",
                                     user: user, status: .tooManyRequests)
                page.headers[.retryAfter] = String(error.retryAfter ?? 1)
                return page
            }
            let message = error.code == .invalidCredentials ? error.spanishMessage : "No se pudo iniciar sesión."
            return loginPage(error: message, user: user, status: .unauthorized)
        }
        guard session.role == .admin || session.role == .supervisor else {
            try await accounts.logout(token: session.token)
            return loginPage(error: "El panel es para administradores y supervisores.", user: user, status: .forbidden)
        }
        var response = Response.redirect(to: "/panel")
        response.setCookie(PanelSession.cookie(PanelSession.cookieName, session.token, secure: secureCookies))
        return response
    }

    func logout(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await PanelSession.form(request)
        try checkCSRF(form, context)
        if let token = context.panelToken { try await accounts.logout(token: token) }
        var response = Response.redirect(to: "/panel/login")
        response.setCookie(PanelSession.cookie(PanelSession.cookieName, "", secure: secureCookies, maxAge: 0))
        return response
    }

    func checkCSRF(_ form: [String: String], _ context: AppContext) throws {
        guard let token = context.panelToken, PanelSession.same(form["_csrf"], PanelSession.csrf(forSession: token)) else {
            throw CajaError(.csrf, "the form has no valid CSRF token")
        }
    }
}
