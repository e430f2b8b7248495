import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A company's signing key and its X.509 certificate, checked to belong together.
///
/// CajaCore only receives these as values; where they are stored (encrypted, on the
/// server only) is the server's business.
public struct SigningCredentials: Sendable {
    let privateKey: _RSA.Signing.PrivateKey
    public let certificate: Certificate
    /// The certificate's DER bytes, base64, as written in `X509Certificate`.
    let certificateBase64: String

    public init(privateKey: _RSA.Signing.PrivateKey, certificate: Certificate) throws(CajaError) {
        guard _RSA.Signing.PublicKey(certificate.publicKey) != nil else {
            throw CajaError(.certificateInvalid, field: "certificate", "the certificate's key is not an RSA key")
        }
        guard Certificate.PublicKey(privateKey.publicKey) == certificate.publicKey else {
            throw CajaError(.keyCertificateMismatch, field: "certificate", "the private key does not match the certificate")
        }
        guard privateKey.keySizeInBits >= 2048 else {
            throw CajaError(.signingKeyInvalid, field: "privateKey", "RSA keys must have at least 2048 bits")
        }
        let der: [UInt8]
        do { der = try certificate.serializeAsPEM().derBytes } catch {
            throw CajaError(.certificateInvalid, field: "certificate", "the certificate cannot be encoded")
        }
        self.privateKey = privateKey
        self.certificate = certificate
        self.certificateBase64 = Data(der).base64EncodedString()
    }

    /// From PEM text: a PKCS#1 or PKCS#8 RSA private key and a certificate.
    public init(privateKeyPEM: String, certificatePEM: String) throws(CajaError) {
        let key: _RSA.Signing.PrivateKey
        do { key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM) } catch {
            throw CajaError(.signingKeyInvalid, field: "privateKey", "not an RSA private key in PEM")
        }
        let certificate: Certificate
        do { certificate = try Certificate(pemEncoded: certificatePEM) } catch {
            throw CajaError(.certificateInvalid, field: "certificate", "not an X.509 certificate in PEM")
        }
        try self.init(privateKey: key, certificate: certificate)
    }

    /// From a PKCS#12 file: its private key and the certificate of that key (the file may
    /// also hold the authority's chain).
    public init(pkcs12: Data, password: String) throws(CajaError) {
        let contents = try PKCS12.parse(pkcs12, password: password)
        let key: _RSA.Signing.PrivateKey
        do { key = try _RSA.Signing.PrivateKey(derRepresentation: contents.privateKeyDER) } catch {
            throw CajaError(.signingKeyInvalid, field: "pkcs12", "the file's private key is not an RSA key")
        }
        let certificates = contents.certificates.compactMap { try? Certificate(derEncoded: $0) }
        guard let own = certificates.first(where: { $0.publicKey == Certificate.PublicKey(key.publicKey) }) else {
            throw CajaError(.keyCertificateMismatch, field: "pkcs12", "no certificate in the file matches its private key")
        }
        try self.init(privateKey: key, certificate: own)
    }

    public var privateKeyPEM: String { privateKey.pemRepresentation }

    public var certificatePEM: String {
        // Encoding succeeded in init, so it succeeds again.
        (try? certificate.serializeAsPEM().pemString) ?? ""
    }

    /// A new RSA-2048 key and a self-signed certificate for it, valid from `now` for
    /// `validity` seconds. For demo companies and tests: a real company uploads the
    /// certificate its authority issued.
    public static func selfSigned(commonName: String, organization: String, now: Date,
                                  validity: TimeInterval = 5 * 365 * 86_400) throws(CajaError) -> SigningCredentials {
        do {
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let name = try DistinguishedName {
                CountryName("PA")
                OrganizationName(organization)
                CommonName(commonName)
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: now.addingTimeInterval(-60),
                notValidAfter: now.addingTimeInterval(validity),
                issuer: name,
                subject: name,
                signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                },
                issuerPrivateKey: Certificate.PrivateKey(key))
            return try SigningCredentials(privateKey: key, certificate: certificate)
        } catch let error as CajaError {
            throw error
        } catch {
            throw CajaError(.certificateInvalid, field: "certificate", "could not create a self-signed certificate")
        }
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `data` (the `rsa-sha256` of XML-DSig).
    func signRSASHA256(_ data: Data) throws(CajaError) -> Data {
        do { return try privateKey.signature(for: data, padding: .insecurePKCS1v1_5).rawRepresentation } catch {
            throw CajaError(.signingKeyInvalid, field: "privateKey", "RSA signing failed")
        }
    }
}
