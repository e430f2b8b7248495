import Crypto
import Foundation

/// Encrypts the companies' secrets at rest (signing keys, QR secrets) with the server's
/// master key: AES-256-GCM, stored as `enc:v1:<base64 of nonce|ciphertext|tag>`.
///
/// The master key comes from `CAJA_MASTER_KEY` (base64 of 32 bytes; required when several
/// servers share one PostgreSQL) or from `master.key` in the data directory, created on
/// first start with mode 0600. The database alone therefore reveals no key.
struct SecretBox: Sendable {
    static let prefix = "enc:v1:"
    let key: SymmetricKey

    static func load(_ configuration: ServerConfiguration) throws -> SecretBox {
        if let text = configuration.masterKey {
            guard let data = Data(base64Encoded: text), data.count == 32 else {
                throw ServerError.configuration("CAJA_MASTER_KEY must be the base64 of 32 bytes")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        let directory = URL(fileURLWithPath: configuration.dataDirectory)
        let file = directory.appendingPathComponent("master.key")
        if let text = try? String(contentsOf: file, encoding: .utf8),
           let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 {
            return SecretBox(key: SymmetricKey(data: data))
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ServerError.configuration("cannot write the master key to \(file.path)")
        }
        return SecretBox(key: key)
    }

    func seal(_ text: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(text.utf8), using: key).combined else {
            throw ServerError.configuration("AES-GCM gave no combined form")
        }
        return Self.prefix + combined.base64EncodedString()
    }

    func open(_ value: String) throws -> String {
        guard value.hasPrefix(Self.prefix) else { return value }   // written before encryption existed: see reseal
        guard let data = Data(base64Encoded: String(value.dropFirst(Self.prefix.count))) else {
            throw ServerError.configuration("a sealed secret is not base64")
        }
        do {
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
        } catch {
            throw ServerError.configuration("a sealed secret does not open with this master key (wrong CAJA_MASTER_KEY or master.key?)")
        }
    }

    static func isSealed(_ value: String) -> Bool { value.hasPrefix(prefix) }
}
