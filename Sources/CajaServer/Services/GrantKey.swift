import CajaCore
import Crypto
import Foundation

/// The server's Ed25519 key that signs number blocks (offline grants). Generated once and
/// kept in the database (`server_keys`), so every server process on one database shares it;
/// it never leaves the server.
struct GrantKey: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey

    /// Loads the key, creating it on first start. Concurrent first starts agree: only one
    /// insert wins and everyone reads the winner.
    static func loadOrCreate(_ database: any DatabaseDriver, repository: any NumberingRepository) async throws -> GrantKey {
        let candidate = Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
        let stored = try await database.transaction { db in try await repository.grantKey(candidate: candidate, db: db) }
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
