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

/// The certificate a company signs with (never its key).
public struct CredentialsInfo: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var serialNumber: String
    public var notValidBefore: Date
    public var notValidAfter: Date
    public var certificatePEM: String

    public init(subject: String, issuer: String, serialNumber: String, notValidBefore: Date, notValidAfter: Date, certificatePEM: String) {
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
        self.certificatePEM = certificatePEM
    }
}
