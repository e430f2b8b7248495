import CajaCore
import Foundation
import X509

/// What the panel and the settings need to know of a company's certificate (never its key).
enum CertificateFacts {
    /// Subject, issuer, serial and validity of a PEM certificate.
    static func info(_ pem: String) throws -> CredentialsInfo {
        let certificate: Certificate
        do { certificate = try Certificate(pemEncoded: pem) } catch {
            throw CajaError(.certificateInvalid, field: "certificate", "the stored certificate cannot be read")
        }
        return CredentialsInfo(subject: certificate.subject.description, issuer: certificate.issuer.description,
                               serialNumber: certificate.serialNumber.description, notValidBefore: certificate.notValidBefore,
                               notValidAfter: certificate.notValidAfter, certificatePEM: pem)
    }

    /// Whether a certificate is Caja's provisional one (the demo's, or the one generated when a
    /// company is created): it is self-issued, its issuer is its own subject. A certificate
    /// for the DGI's production environment is issued by an authority, so a self-issued one
    /// is never the company's own — whether generated here or uploaded.
    static func isProvisional(_ pem: String) -> Bool {
        guard let certificate = try? Certificate(pemEncoded: pem) else { return true }
        return certificate.issuer == certificate.subject
    }

    /// What the audit log keeps of a certificate: who it names and when it is valid.
    struct Summary: Codable, Sendable {
        var subject: String
        var serialNumber: String
        var notValidBefore: Date
        var notValidAfter: Date

        init(_ info: CredentialsInfo) {
            subject = info.subject
            serialNumber = info.serialNumber
            notValidBefore = info.notValidBefore
            notValidAfter = info.notValidAfter
        }
    }
}
