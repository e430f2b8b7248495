import Crypto
import Foundation

/// A register's proof that it holds its device key, sent with a login.
public struct DeviceProof: Codable, Sendable, Hashable {
    /// The device's Ed25519 public key, 32 raw bytes in base64.
    public var publicKey: String
    /// When it was signed, in Unix seconds (the server accepts ``maxSkew`` either way).
    public var signedAt: Int64
    /// Base64 Ed25519 signature over ``payload(user:pointOfSale:device:publicKey:signedAt:)``.
    public var signature: String

    public init(publicKey: String, signedAt: Int64, signature: String) {
        self.publicKey = publicKey
        self.signedAt = signedAt
        self.signature = signature
    }

    /// How far the register's clock may be from the server's (a proof is fresh this long).
    public static let maxSkew: TimeInterval = 15 * 60

    /// The exact bytes signed: a versioned line of the login's fields.
    public static func payload(user: String, pointOfSale: String?, device: String?, publicKey: String, signedAt: Int64) -> Data {
        Data(["caja-device-login-v1", user, pointOfSale ?? "", device ?? "", publicKey, String(signedAt)].joined(separator: "|").utf8)
    }

    /// Whether the signature is the key's over this login, signed within ``maxSkew`` of `now`.
    public func verify(user: String, pointOfSale: String?, device: String?, now: Date) -> Verdict {
        guard let keyData = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData),
              let signatureData = Data(base64Encoded: signature) else { return .invalid }
        let payload = Self.payload(user: user, pointOfSale: pointOfSale, device: device, publicKey: publicKey, signedAt: signedAt)
        guard key.isValidSignature(signatureData, for: payload) else { return .invalid }
        guard abs(now.timeIntervalSince1970 - Double(signedAt)) <= Self.maxSkew else { return .stale }
        return .valid
    }

    public enum Verdict: Sendable, Equatable {
        case valid
        /// Signed, but too far from the server's time.
        case stale
        /// Not a signature of this key over this login.
        case invalid
    }
}
