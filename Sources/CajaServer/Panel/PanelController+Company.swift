import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Empresa* (issue 14, item 2): `GET/POST /panel/configuracion/empresa`, the
/// same change as `PUT /v1/admin/company`. The setup page reads the same form fields.
extension PanelController {
    func companyPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let stored = try await settings.company(of: try context.requireIdentity())
        let shown = outcome.typed.isEmpty ? stored.settings : Self.companySettings(outcome.typed)
        let errorField = outcome.error.flatMap(\.field).map(Self.companyFormField)
        let message = outcome.error?.spanishMessage
        func field(_ name: String, _ label: String, _ value: String, placeholder: String = "", list: String? = nil)
            -> CompanySettingsView.Field {
            .init(name: name, label: label, value: value, error: errorField == name ? message : nil, placeholder: placeholder, list: list)
        }
        let view = CompanySettingsView(
            fields: [
                field("nombre_comercial", "Nombre comercial", shown.tradeName),
                field("razon_social", "Razón social (como en el RUC)", shown.legalName),
                field("ruc", "RUC", shown.ruc, placeholder: "155704849-2-2021"),
                field("dv", "DV", shown.dv, placeholder: "32"),
                field("sucursal", "Sucursal", shown.branch, placeholder: "0001"),
                field("direccion", "Dirección de la sucursal", shown.address),
                field("ubicacion", "Código de ubicación (provincia-distrito-corregimiento)", shown.locationCode, placeholder: "8-8-7",
                      list: "ubicaciones"),
                field("coordenadas", "Coordenadas", shown.coordinates, placeholder: "+8.9824,-79.5199"),
                field("telefono", "Teléfonos (hasta 3, separados por coma)", shown.phones.joined(separator: ", "), placeholder: "507-1234"),
                field("correo", "Correo electrónico (opcional, va en cada factura)", shown.email ?? "", placeholder: "ventas@empresa.com"),
            ],
            legalEntity: shown.kind == .legalEntity,
            environmentOptions: CompanySettings.Mode.allCases.map {
                DocumentsView.Option(value: $0.rawValue, label: $0 == .test ? "Pruebas" : "Producción", selected: $0 == shown.environment)
            },
            environmentError: errorField == "ambiente" ? message : nil,
            location: "\(stored.location.corregimiento), \(stored.location.district), \(stored.location.province) (\(stored.location.code))",
            ownCertificate: stored.ownCertificate, places: CompanySettingsView.allPlaces)
        return try settingsPage("Empresa", "/panel/configuracion/empresa", context, outcome, view)
    }

    func addCompanySettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/empresa") { _, context in try await guarded(context) { try await companyPage(context) } }
        panel.post("configuracion/empresa") { request, context in
            try await guarded(context) {
                try await settingsForm(request, context, done: "Datos de la empresa guardados.", page: companyPage) { form, identity in
                    _ = try await settings.updateCompany(Self.companySettings(form), by: identity)
                }
            }
        }
    }

    /// The company's fields as the setup page and *Empresa* name them. Names of the location
    /// come from the DGI's catalog; phones are comma-separated.
    static func companySettings(_ form: [String: String]) -> CompanySettings {
        func value(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespaces) }
        let phones = value("telefono").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let email = value("correo")
        return CompanySettings(
            tradeName: value("nombre_comercial"), legalName: value("razon_social"), kind: value("tipo") == "1" ? .natural : .legalEntity,
            ruc: value("ruc"), dv: value("dv"), branch: form["sucursal"] == nil ? "0001" : value("sucursal"), address: value("direccion"),
            coordinates: value("coordenadas"), locationCode: value("ubicacion"), phones: phones, email: email.isEmpty ? nil : email,
            environment: CompanySettings.Mode(rawValue: value("ambiente")) ?? .test)
    }

    /// The form field of a ``CompanySettings`` field an error names.
    static func companyFormField(_ field: String) -> String {
        let names = ["tradeName": "nombre_comercial", "legalName": "razon_social", "kind": "tipo", "ruc": "ruc", "dv": "dv",
                     "branch": "sucursal", "address": "direccion", "coordinates": "coordenadas", "locationCode": "ubicacion",
                     "email": "correo", "environment": "ambiente"]
        if let name = names[field] { return name }
        return field.hasPrefix("phones") ? "telefono" : field
    }
}
