import CajaCore

/// *Configuración › Empresa*: the company's data as a form (a supervisor reads it), each
/// field with the refusal next to it when the last change was refused.
struct CompanySettingsView: Sendable {
    struct Field: Sendable {
        var name: String
        var label: String
        var value: String
        var error: String?
        var placeholder: String = ""
        /// The datalist the field suggests from (the location codes).
        var list: String?
    }

    struct Place: Sendable {
        var code: String
        var label: String
    }

    var fields: [Field]
    var legalEntity: Bool
    var environmentOptions: [DocumentsView.Option]
    var environmentError: String?
    /// The stored location's names from the DGI's catalog.
    var location: String
    var ownCertificate: Bool
    var places: [Place]

    /// Every place of the DGI's catalog, for the location field's datalist.
    static let allPlaces = LocationCatalog.all.map {
        Place(code: $0.code, label: "\($0.province) / \($0.district) / \($0.corregimiento)")
    }
}
