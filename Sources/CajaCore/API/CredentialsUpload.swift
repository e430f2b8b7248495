import Foundation

/// `PUT /v1/company/credentials` (admin): the company's signing certificate and key, either
/// as PEM (`certificatePEM` + `privateKeyPEM`) or as a PKCS#12 file (`pkcs12`, base64, with
/// its `password`). `qrSecret` (base64) replaces the QR secret when given.
public struct CredentialsUpload: Codable, Sendable {
    public var certificatePEM: String?
    public var privateKeyPEM: String?
    public var pkcs12: String?
    public var password: String?
    public var qrSecret: String?

    public init(certificatePEM: String? = nil, privateKeyPEM: String? = nil, pkcs12: String? = nil, password: String? = nil,
                qrSecret: String? = nil) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.pkcs12 = pkcs12
        self.password = password
        self.qrSecret = qrSecret
    }
}
