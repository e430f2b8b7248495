import CajaCore
import Foundation
import Hummingbird

/// The first page of a server with no company (issue 14): `GET/POST /panel/configuracion-inicial`.
/// It answers only while the setup secret is open; afterwards it sends everyone to the login.
extension PanelController {
    func setupPage(_ view: SetupView? = nil, status: HTTPResponse.Status = .ok) -> Response {
        guard setup.isOpen else { return .redirect(to: "/panel/login") }
        let csrf = PanelSession.randomToken()
        var shown = view ?? SetupView(csrf: csrf)
        shown.csrf = csrf
        var response = renderer.html("setup", shown, status: status)
        response.setCookie(PanelSession.cookie(PanelSession.loginCSRFCookie, csrf, secure: secureCookies, maxAge: 3600))
        return response
    }

    func submitSetup(_ request: Request) async throws -> Response {
        guard setup.isOpen else { return .redirect(to: "/panel/login") }
        let form = try await PanelSession.form(request)
        var view = Self.setupView(form)
        guard PanelSession.same(form["_csrf"], request.cookies[PanelSession.loginCSRFCookie]?.value) else {
            view.error = "La sesión del formulario expiró. Intente de nuevo."
            return setupPage(view, status: .forbidden)
        }
        guard setup.accepts(form["clave_instalacion"] ?? "") else {
            view.error = SpanishMessages.message(for: .setupSecretInvalid)
            return setupPage(view, status: .forbidden)
        }
        guard form["clave_admin"] == form["clave_admin2"] else {
            view.error = "Las dos claves del administrador no coinciden."
            view.errorField = "clave"
            return setupPage(view, status: .unprocessableContent)
        }
        do {
            _ = try await companies.register(Self.registration(form), firstSetup: true)
        } catch let error as CajaError {
            if error.code == .setupAlreadyDone { setup.close() }
            view.error = error.spanishMessage
            view.errorField = error.field.map(Self.formLabel)
            return setupPage(view, status: error.status)
        }
        setup.close()
        return .redirect(to: "/panel/login?empresa=creada")
    }

    /// The form as an owner filled it: the company's fields as *Configuración › Empresa*
    /// reads them (``companySettings(_:)``), the points of sale and the first admin.
    static func registration(_ form: [String: String]) -> CompanyRegistration {
        var registration = CompanyRegistration(companySettings(form), adminUser: (form["usuario_admin"] ?? "").trimmingCharacters(in: .whitespaces),
                                               adminPassword: form["clave_admin"] ?? "")
        registration.pointsOfSale = (form["puntos"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return registration
    }

    /// The values typed, to show the form again (never the secret or the passwords).
    static func setupView(_ form: [String: String]) -> SetupView {
        let registration = registration(form)
        var view = SetupView(csrf: "")
        view.tradeName = registration.tradeName
        view.legalName = registration.legalName
        view.legalEntity = registration.kind == .legalEntity
        view.ruc = registration.ruc
        view.dv = registration.dv
        view.branch = registration.branch
        view.address = registration.address
        view.locationCode = registration.location.code
        view.coordinates = registration.coordinates
        view.phone = (registration.phones ?? []).joined(separator: ", ")
        view.email = registration.email ?? ""
        view.points = form["puntos"] ?? ""
        view.adminUser = registration.adminUser
        return view
    }

    /// The form's label of a field a domain error names.
    static func formLabel(_ field: String) -> String {
        let labels = ["tradeName": "nombre comercial", "issuer.name": "razón social", "issuer.taxID.ruc": "RUC",
                      "issuer.taxID.dv": "DV", "issuer.branch": "sucursal", "issuer.address": "dirección",
                      "issuer.coordinates": "coordenadas", "issuer.email": "correo", "pointsOfSale": "puntos de facturación", "adminUser": "usuario",
                      "adminPassword": "clave"]
        if let label = labels[field] { return label }
        if field.hasPrefix("issuer.location") { return "ubicación" }
        if field.hasPrefix("issuer.phones") { return "teléfono" }
        return field
    }
}
