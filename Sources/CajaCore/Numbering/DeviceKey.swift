import Crypto
import Foundation

/// A register's identity (issue 13, item 2): an Ed25519 key pair the register makes at its
/// first login and keeps; the server enrolls the public key with the device. Later logins
/// prove possession of the private key by signing ``DeviceProof/payload(user:pointOfSale:device:publicKey:signedAt:)``.
/// The device name is only a label: a login that names a device but cannot sign for its key
/// does not get that device, and retirement blocks the key, whatever name it comes with.
public struct DeviceKey: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey

    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    /// From the 32 raw bytes, base64 (as ``privateKeyBase64`` wrote them).
    public init(privateKeyBase64: String) throws(CajaError) {
        guard let data = Data(base64Encoded: privateKeyBase64),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
            throw CajaError(.signingKeyInvalid, field: "deviceKey", "the register's device key cannot be read")
        }
        privateKey = key
    }

    public var privateKeyBase64: String { privateKey.rawRepresentation.base64EncodedString() }

    /// The public key as the server enrolls it: 32 raw bytes, base64.
    public var publicKeyBase64: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// Signs a login (`SessionRequest.deviceProof`).
    public func proof(user: String, pointOfSale: String?, device: String?, at signedAt: Date) throws -> DeviceProof {
        let seconds = Int64(signedAt.timeIntervalSince1970.rounded(.down))
        let payload = DeviceProof.payload(user: user, pointOfSale: pointOfSale, device: device, publicKey: publicKeyBase64,
                                          signedAt: seconds)
        return DeviceProof(publicKey: publicKeyBase64, signedAt: seconds,
                           signature: try privateKey.signature(for: payload).base64EncodedString())
    }
}

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
