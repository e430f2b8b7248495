/// *Configuración › Certificado*: the certificate the company signs with, its warning, and
/// (for an admin) the upload form.
struct CertificateSettingsView: Sendable {
    var subject: String
    var issuer: String
    var serialNumber: String
    var notValidBefore: String
    var notValidAfter: String
    var provisional: Bool
    var warning: CertificateWarning?
}
