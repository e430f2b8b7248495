import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Certificado* (issue 14, item 2): `GET /panel/configuracion/certificado`
/// shows the certificate (admin, supervisor); `POST` uploads a new one as a browser form
/// with a file (`multipart/form-data`): a PKCS#12 file and its password, or a PEM certificate
/// and a PEM key. The same change as `PUT /v1/company/credentials`, audited.
extension PanelController {
    /// Certificate files are a few kilobytes; the whole form stays under this.
    static let uploadLimit = 256 * 1024

    func certificatePage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let info = try await settings.certificate(of: try context.requireIdentity())
        let view = CertificateSettingsView(
            subject: info.subject, issuer: info.issuer, serialNumber: info.serialNumber,
            notValidBefore: PanelFormat.dateTime(info.notValidBefore), notValidAfter: PanelFormat.dateTime(info.notValidAfter),
            provisional: CertificateFacts.isProvisional(info.certificatePEM),
            warning: CertificateWarning(notValidAfter: info.notValidAfter, now: clock.now()))
        return try settingsPage("Certificado", "/panel/configuracion/certificado", context, outcome, view)
    }

    func addCertificateSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/certificado") { _, context in try await guarded(context) { try await certificatePage(context) } }
        panel.post("configuracion/certificado") { request, context in
            try await guarded(context) { try await uploadCertificate(request, context) }
        }
    }

    func uploadCertificate(_ request: Request, _ context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity().require(.admin)
        var request = request
        let form: MultipartForm
        do {
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: Self.uploadLimit) } catch {
                throw CajaError(.bodyTooLarge, field: "archivo", "the form is larger than \(Self.uploadLimit) bytes")
            }
            form = try MultipartForm.parse(Array(buffer: buffer), contentType: request.headers[.contentType] ?? "")
        } catch let error as CajaError {
            return try await certificatePage(context, SettingsOutcome(error: error, status: error.status))
        }
        try checkCSRF(form.fields, context)
        do {
            let credentials = try Self.credentials(from: form)
            _ = try await settings.replaceCredentials(try companies.sealed(credentials, qrSecret: nil), by: identity)
        } catch let error as CajaError where error.kind != .forbidden {
            return try await certificatePage(context, SettingsOutcome(error: error, status: error.status))
        }
        return try await certificatePage(context, SettingsOutcome(notice: "Certificado instalado: los próximos documentos se firman con él."))
    }

    /// The credentials of the form: `pkcs12` (a file) with `clave`, or `certificado` and `llave`
    /// (PEM files), never both.
    static func credentials(from form: MultipartForm) throws -> SigningCredentials {
        switch (form.content("pkcs12"), form.content("certificado"), form.content("llave")) {
        case (let pkcs12?, nil, nil):
            return try SigningCredentials(pkcs12: Data(pkcs12), password: form.fields["clave"] ?? "")
        case (nil, let certificate?, let key?):
            return try SigningCredentials(privateKeyPEM: String(decoding: key, as: UTF8.self),
                                          certificatePEM: String(decoding: certificate, as: UTF8.self))
        default:
            throw CajaError.invalidRequest("send either a PKCS#12 file (with its password) or a PEM certificate and a PEM key",
                                           field: "archivo")
        }
    }
}
