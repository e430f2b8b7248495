import CajaCore
import Foundation
import SQLKit

/// Companies (`companies`: issuer data, sealed signing key, certificate, QR secret and the
/// version of those settings) and their users (`users`).
protocol CompanyRepository: Sendable {
    func insert(_ company: CompanyEntry, db: any SQLDatabase) async throws
    func insert(_ user: UserEntry, db: any SQLDatabase) async throws
    func count(db: any SQLDatabase) async throws -> Int
    /// The version of the company's settings, bumped by every change to them; nil for no such company.
    func settingsVersion(of company: UUID, db: any SQLDatabase) async throws -> Int64?
    /// The version of everything `GET /v1/catalog` answers (issuer settings and catalog), its ETag.
    func catalogVersion(of company: UUID, db: any SQLDatabase) async throws -> CatalogVersion?
    /// Bumps the catalog's version and answers the new `catalog_version`; call it in the
    /// transaction of every change to products or points of sale, before the change: the
    /// products changed store it (``CatalogRepository``), and the company's row stays locked
    /// until the commit, so versions are handed out in commit order.
    @discardableResult
    func bumpCatalogVersion(of company: UUID, db: any SQLDatabase) async throws -> Int64
    func company(_ id: UUID, db: any SQLDatabase) async throws -> CompanyEntry?
    func all(db: any SQLDatabase) async throws -> [CompanyEntry]
    /// Replaces the sealed key and the certificate (and the QR secret when given) and bumps the version.
    func replaceCredentials(of company: UUID, sealedKey: String, certificatePEM: String, sealedQRSecret: String?,
                            db: any SQLDatabase) async throws
    /// Replaces the trade name and the issuer data and bumps the settings version (the signer's
    /// cache and the catalog's ETag follow it).
    func updateIssuer(of company: UUID, name: String, issuerJson: String, db: any SQLDatabase) async throws
    /// Stores the secrets sealed (they were stored before sealing existed).
    func sealSecrets(of company: String, sealedKey: String, sealedQRSecret: String, db: any SQLDatabase) async throws
    /// The user of a login name (names are unique across companies), with the company's name.
    func user(named name: String, db: any SQLDatabase) async throws -> UserEntry?
    /// The company's users, active or not.
    func users(company: UUID, db: any SQLDatabase) async throws -> [UserEntry]
    /// Turns a user off (its login stops working; its name stays taken).
    func disable(user: String, at: Date, db: any SQLDatabase) async throws
    /// Replaces a user's password hash.
    func setPassword(hash: String, user: String, db: any SQLDatabase) async throws
    /// The points of sale a user may log in at (`user_points`); empty means every active point.
    func points(ofUser user: String, db: any SQLDatabase) async throws -> [String]
    /// Every limit of the company's users, by user id.
    func userPoints(company: UUID, db: any SQLDatabase) async throws -> [String: [String]]
    func setPoints(_ points: [String], user: String, db: any SQLDatabase) async throws
    /// Marks `company` as the one the setup page made; false when a setup already happened.
    func claimFirstSetup(company: UUID, at: Date, db: any SQLDatabase) async throws -> Bool
}
