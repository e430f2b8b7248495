import Foundation

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
