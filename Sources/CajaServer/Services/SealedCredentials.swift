/// A company's signing key and QR secret sealed with the master key (``SecretBox``), and its
/// certificate: what `companies` stores.
struct SealedCredentials: Sendable {
    var key: String
    var certificatePEM: String
    var qrSecret: String?
}
