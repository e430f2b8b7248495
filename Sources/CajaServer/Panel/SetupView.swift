/// The first page of a new server: the setup secret, the company and its first admin. The
/// values typed are kept when the form comes back with an error (never the secret or passwords).
struct SetupView: Sendable {
    var csrf: String
    var error: String?
    /// The form field the error is about, highlighted.
    var errorField: String?
    var tradeName = ""
    var legalName = ""
    var legalEntity = true
    var ruc = ""
    var dv = ""
    var branch = "0001"
    var address = ""
    var locationCode = ""
    var coordinates = ""
    var phone = ""
    var email = ""
    /// The DGI's catalog, for the location field's datalist.
    var places = CompanySettingsView.allPlaces
    var points = "001"
    var adminUser = ""
}
