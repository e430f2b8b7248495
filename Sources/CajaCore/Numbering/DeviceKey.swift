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
