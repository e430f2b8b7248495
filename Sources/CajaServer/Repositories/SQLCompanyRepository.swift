import CajaCore
import Foundation
import SQLKit

/// ``CompanyRepository`` in SQLKit.
struct SQLCompanyRepository: CompanyRepository {
    private static let columns = "id, name, issuer_json, signing_key_pem, certificate_pem, qr_secret, created_at, settings_version"

    private struct Version: Decodable {
        var settingsVersion: Int64
    }

    func insert(_ company: CompanyEntry, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO companies (id, name, issuer_json, signing_key_pem, certificate_pem, qr_secret, created_at)
            VALUES (\(bind: company.id), \(bind: company.name), \(bind: company.issuerJson), \(bind: company.signingKeyPem),
                    \(bind: company.certificatePem), \(bind: company.qrSecret), \(bind: company.createdAt))
            """).run()
    }

    func insert(_ user: UserEntry, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO users (id, company_id, username, password_hash, role)
            VALUES (\(bind: user.id), \(bind: user.companyId), \(bind: user.username), \(bind: user.passwordHash), \(bind: user.role.rawValue))
            """).run()
    }

    func count(db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM companies").row(Count.self)?.n ?? 0
    }

    func settingsVersion(of company: UUID, db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("SELECT settings_version FROM companies WHERE id = \(bind: company.uuidString)").row(Version.self)?.settingsVersion
    }

    private struct CatalogVersions: Decodable {
        var settingsVersion: Int64
        var catalogVersion: Int64
    }

    func catalogVersion(of company: UUID, db: any SQLDatabase) async throws -> CatalogVersion? {
        try await db.raw("SELECT settings_version, catalog_version FROM companies WHERE id = \(bind: company.uuidString)")
            .row(CatalogVersions.self).map { CatalogVersion(settings: $0.settingsVersion, catalog: $0.catalogVersion, company: company) }
    }

    private struct Bumped: Decodable {
        var catalogVersion: Int64
    }

    @discardableResult
    func bumpCatalogVersion(of company: UUID, db: any SQLDatabase) async throws -> Int64 {
        try await db.raw("""
            UPDATE companies SET catalog_version = catalog_version + 1 WHERE id = \(bind: company.uuidString) RETURNING catalog_version
            """).row(Bumped.self).orThrow("company").catalogVersion
    }

    func company(_ id: UUID, db: any SQLDatabase) async throws -> CompanyEntry? {
        try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM companies WHERE id = \(bind: id.uuidString)").row(CompanyEntry.self)
    }

    func all(db: any SQLDatabase) async throws -> [CompanyEntry] {
        try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM companies").rows(CompanyEntry.self)
    }

    func replaceCredentials(of company: UUID, sealedKey: String, certificatePEM: String, sealedQRSecret: String?,
                            db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE companies SET signing_key_pem = \(bind: sealedKey), certificate_pem = \(bind: certificatePEM),
              settings_version = settings_version + 1
            WHERE id = \(bind: company.uuidString)
            """).run()
        if let sealedQRSecret {
            try await db.raw("UPDATE companies SET qr_secret = \(bind: sealedQRSecret) WHERE id = \(bind: company.uuidString)").run()
        }
    }

    func updateIssuer(of company: UUID, name: String, issuerJson: String, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE companies SET name = \(bind: name), issuer_json = \(bind: issuerJson), settings_version = settings_version + 1
            WHERE id = \(bind: company.uuidString)
            """).run()
    }

    func sealSecrets(of company: String, sealedKey: String, sealedQRSecret: String, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE companies SET signing_key_pem = \(bind: sealedKey), qr_secret = \(bind: sealedQRSecret) WHERE id = \(bind: company)
            """).run()
    }

    func claimFirstSetup(company: UUID, at time: Date, db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            INSERT INTO first_setup (id, company_id, done_at) VALUES (1, \(bind: company.uuidString), \(bind: time.millis))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """).first() != nil
    }

    func users(company: UUID, db: any SQLDatabase) async throws -> [UserEntry] {
        try await db.raw("""
            SELECT id, company_id, username, password_hash, role, disabled_at FROM users
            WHERE company_id = \(bind: company.uuidString) ORDER BY username
            """).rows(UserEntry.self)
    }

    func disable(user: String, at time: Date, db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET disabled_at = \(bind: time.millis) WHERE id = \(bind: user) AND disabled_at IS NULL").run()
    }

    func user(named name: String, db: any SQLDatabase) async throws -> UserEntry? {
        try await db.raw("""
            SELECT u.id, u.company_id, u.username, u.password_hash, u.role, u.disabled_at, c.name AS company_name
            FROM users u JOIN companies c ON c.id = u.company_id WHERE u.username = \(bind: name)
            """).row(UserEntry.self)
    }

    private struct UserPointRow: Decodable {
        var userId: String
        var point: String
    }

    func setPassword(hash: String, user: String, db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: user)").run()
    }

    func points(ofUser user: String, db: any SQLDatabase) async throws -> [String] {
        try await db.raw("SELECT user_id, point FROM user_points WHERE user_id = \(bind: user) ORDER BY point").rows(UserPointRow.self)
            .map(\.point)
    }

    func userPoints(company: UUID, db: any SQLDatabase) async throws -> [String: [String]] {
        let rows = try await db.raw("""
            SELECT p.user_id, p.point FROM user_points p JOIN users u ON u.id = p.user_id
            WHERE u.company_id = \(bind: company.uuidString) ORDER BY p.point
            """).rows(UserPointRow.self)
        return Dictionary(grouping: rows, by: \.userId).mapValues { $0.map(\.point) }
    }

    func setPoints(_ points: [String], user: String, db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM user_points WHERE user_id = \(bind: user)").run()
        for point in points {
            try await db.raw("INSERT INTO user_points (user_id, point) VALUES (\(bind: user), \(bind: point))").run()
        }
    }
}
