import CajaCore
import Crypto
import Foundation
import SQLKit

/// The server's Ed25519 key that signs number blocks (offline grants). Generated once and
/// kept in the database (`server_keys`), so every server process on one database shares it;
/// it never leaves the server.
struct GrantKey: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey

    static let name = "grant-ed25519"

    /// Loads the key, creating it on first start. Concurrent first starts agree: only one
    /// insert wins and everyone reads the winner.
    static func loadOrCreate(_ database: any DatabaseDriver) async throws -> GrantKey {
        let candidate = Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
        let stored = try await database.transaction { db -> String in
            try await db.raw("INSERT INTO server_keys (name, value) VALUES (\(bind: name), \(bind: candidate)) ON CONFLICT (name) DO NOTHING").run()
            return try await db.raw("SELECT value FROM server_keys WHERE name = \(bind: name)").first(decodingColumn: "value", as: String.self)
                .orThrow("grant key")
        }
        let raw = try Data(base64Encoded: stored).orThrow("grant key")
        return GrantKey(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
    }

    func sign(_ block: NumberBlock) throws -> SignedNumberBlock {
        SignedNumberBlock(block: block, signature: try privateKey.signature(for: block.signingPayload).base64EncodedString())
    }

    /// Whether the grant was signed by this server exactly as it reads now.
    func verify(_ grant: SignedNumberBlock) -> Bool {
        guard let signature = Data(base64Encoded: grant.signature) else { return false }
        return privateKey.publicKey.isValidSignature(signature, for: grant.block.signingPayload)
    }
}
