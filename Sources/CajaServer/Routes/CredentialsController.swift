import CajaCore
import Foundation
import Hummingbird

/// The company's signing credentials: `GET /v1/company/credentials` shows the certificate
/// (admin, supervisor), `PUT` replaces certificate and key (admin; PEM or PKCS#12), with its
/// audit entry. The key is sealed with the master key before it is stored and never returned.
struct CredentialsController {
    let companies: CompanyService
    let settings: SettingsService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("company/credentials") { _, context in
            JSONResponse(value: try await settings.certificate(of: try context.requireIdentity()))
        }
        group.put("company/credentials") { request, context in
            let identity = try context.requireIdentity().require(.admin)
            let upload = try await StrictJSON.decode(CredentialsUpload.self, from: request, limit: maxBodySize)
            let credentials = try Self.credentials(from: upload)
            var qrSecret: Data?
            if let text = upload.qrSecret {
                guard let data = Data(base64Encoded: text), data.count >= 16 else {
                    throw CajaError.invalidRequest("qrSecret must be base64 of at least 16 bytes", field: "qrSecret")
                }
                qrSecret = data
            }
            let sealed = try companies.sealed(credentials, qrSecret: qrSecret)
            return JSONResponse(value: try await settings.replaceCredentials(sealed, by: identity))
        }
    }

    static func credentials(from upload: CredentialsUpload) throws -> SigningCredentials {
        switch (upload.pkcs12, upload.certificatePEM, upload.privateKeyPEM) {
        case (let pkcs12?, nil, nil):
            guard let data = Data(base64Encoded: pkcs12) else { throw CajaError.invalidRequest("pkcs12 must be base64", field: "pkcs12") }
            return try SigningCredentials(pkcs12: data, password: upload.password ?? "")
        case (nil, let certificate?, let key?):
            return try SigningCredentials(privateKeyPEM: key, certificatePEM: certificate)
        default:
            throw CajaError.invalidRequest("send either pkcs12 (with password) or certificatePEM and privateKeyPEM", field: "pkcs12")
        }
    }
}
