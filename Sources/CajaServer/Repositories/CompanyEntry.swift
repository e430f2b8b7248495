import CajaCore
import Foundation
import SQLKit

/// A `companies` row.
struct CompanyEntry: Sendable, Decodable {
    var id: String
    var name: String
    var issuerJson: String
    /// Sealed with the master key (``SecretBox``).
    var signingKeyPem: String
    var certificatePem: String
    /// Sealed with the master key.
    var qrSecret: String
    var createdAt: Int64
    var settingsVersion: Int64?
}
