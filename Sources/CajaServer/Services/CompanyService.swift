import CajaCore
import Crypto
import Foundation
import SQLKit

/// What a new company needs: its issuer data, points of sale, products and first users.
public struct CompanySetup: Sendable {
    public var name: String
    public var issuer: Issuer
    public var pointsOfSale: [String]
    public var products: [Product]
    /// (username, password, role)
    public var users: [(String, String, Role)]

    public init(name: String, issuer: Issuer, pointsOfSale: [String], products: [Product], users: [(String, String, Role)]) {
        self.name = name
        self.issuer = issuer
        self.pointsOfSale = pointsOfSale
        self.products = products
        self.users = users
    }
}

/// Companies, their catalog and their signing keys. Keys stay on the server: they are read
/// here and used by ``FESigner``; no route returns them.
actor CompanyService {
    let database: any DatabaseDriver
    let accounts: AccountService
    let clock: ServerClock
    /// Signing keys and QR secrets are stored sealed with the master key (at rest).
    let secrets: SecretBox
    /// Decoded issuer data and signer per company, with the `settings_version` they were
    /// read at; every use checks that version first (several server processes share the
    /// database, and any of them may replace the credentials).
    private var loaded: [UUID: Loaded] = [:]

    private struct Loaded {
        var version: Int64
        var issuer: Issuer
        var signer: FESigner
    }

    init(database: any DatabaseDriver, accounts: AccountService, clock: ServerClock, secrets: SecretBox) {
        self.database = database
        self.accounts = accounts
        self.clock = clock
        self.secrets = secrets
    }

    /// Seals secrets stored before encryption at rest existed (run at start-up).
    func sealPlaintextSecrets() async throws {
        let rows = try await database.read { db in
            try await db.raw("SELECT id, signing_key_pem, qr_secret FROM companies").all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "signing_key_pem", as: String.self),
                 try $0.decode(column: "qr_secret", as: String.self))
            }
        }
        for (id, key, secret) in rows where !SecretBox.isSealed(key) || !SecretBox.isSealed(secret) {
            let sealedKey = SecretBox.isSealed(key) ? key : try secrets.seal(key)
            let sealedSecret = SecretBox.isSealed(secret) ? secret : try secrets.seal(secret)
            try await database.transaction { db in
                try await db.raw("""
                    UPDATE companies SET signing_key_pem = \(bind: sealedKey), qr_secret = \(bind: sealedSecret) WHERE id = \(bind: id)
                    """).run()
            }
        }
    }

    /// Replaces a company's certificate and key (and QR secret when given); the next
    /// document is signed with them.
    func replaceCredentials(of company: UUID, with credentials: SigningCredentials, qrSecret: Data?) async throws {
        let sealedKey = try secrets.seal(credentials.privateKeyPEM)
        let sealedSecret = try qrSecret.map { try secrets.seal($0.base64EncodedString()) }
        let certificate = credentials.certificatePEM
        try await database.transaction { db in
            try await db.raw("""
                UPDATE companies SET signing_key_pem = \(bind: sealedKey), certificate_pem = \(bind: certificate),
                  settings_version = settings_version + 1
                WHERE id = \(bind: company.uuidString)
                """).run()
            if let sealedSecret {
                try await db.raw("UPDATE companies SET qr_secret = \(bind: sealedSecret) WHERE id = \(bind: company.uuidString)").run()
            }
        }
        loaded[company] = nil
    }

    /// The certificate a company signs with (never the key).
    func certificatePEM(of company: UUID) async throws -> String {
        try await database.read { db in
            try await db.raw("SELECT certificate_pem FROM companies WHERE id = \(bind: company.uuidString)")
                .first(decodingColumn: "certificate_pem", as: String.self)
        }.orThrow("company")
    }

    /// Creates a company with a generated key and self-signed certificate (demo and tests;
    /// uploading a real certificate comes with the DGI issue).
    func create(_ setup: CompanySetup) async throws -> UUID {
        try setup.issuer.validate()
        let now = clock.now()
        let credentials = try SigningCredentials.selfSigned(commonName: setup.issuer.name, organization: setup.name, now: now)
        let qrSecret = try secrets.seal(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() })
        let sealedKey = try secrets.seal(credentials.privateKeyPEM)
        let id = UUID()
        let issuerJSON = String(decoding: try StrictJSON.encoder.encode(setup.issuer), as: UTF8.self)
        var users: [(String, String, Role)] = []
        for (name, password, role) in setup.users {
            users.append((name, try await accounts.hashPassword(password), role))
        }
        let hashedUsers = users
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO companies (id, name, issuer_json, signing_key_pem, certificate_pem, qr_secret, created_at)
                VALUES (\(bind: id.uuidString), \(bind: setup.name), \(bind: issuerJSON), \(bind: sealedKey),
                        \(bind: credentials.certificatePEM), \(bind: qrSecret), \(bind: now.millis))
                """).run()
            for point in setup.pointsOfSale {
                try await db.raw("INSERT INTO points_of_sale (company_id, code) VALUES (\(bind: id.uuidString), \(bind: point))").run()
            }
            for product in setup.products {
                try await db.raw("""
                    INSERT INTO products (company_id, code, name, price_cents, rate)
                    VALUES (\(bind: id.uuidString), \(bind: product.code), \(bind: product.name), \(bind: product.price.cents), \(bind: product.rate.rawValue))
                    """).run()
            }
            for (name, hash, role) in hashedUsers {
                try await db.raw("""
                    INSERT INTO users (id, company_id, username, password_hash, role)
                    VALUES (\(bind: UUID().uuidString), \(bind: id.uuidString), \(bind: name), \(bind: hash), \(bind: role.rawValue))
                    """).run()
            }
        }
        return id
    }

    func companyCount() async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM companies").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    func issuer(of company: UUID) async throws -> Issuer { try await current(company).issuer }

    func signer(of company: UUID) async throws -> FESigner { try await current(company).signer }

    /// The company's issuer and signer as the database has them now: the cached ones when
    /// their version is still current (one indexed read), else read and decoded again.
    private func current(_ company: UUID) async throws -> Loaded {
        let version = try await database.read { db in
            try await db.raw("SELECT settings_version FROM companies WHERE id = \(bind: company.uuidString)")
                .first(decodingColumn: "settings_version", as: Int64.self)
        }
        guard let version else { throw APIError.notFound("company") }
        if let cached = loaded[company], cached.version == version { return cached }
        let row = try await database.read { db in
            try await db.raw("""
                SELECT settings_version, issuer_json, signing_key_pem, certificate_pem, qr_secret FROM companies
                WHERE id = \(bind: company.uuidString)
                """).first()
        }
        guard let row else { throw APIError.notFound("company") }
        let issuer = try StrictJSON.decoder.decode(Issuer.self, from: Data(row.decode(column: "issuer_json", as: String.self).utf8))
        let credentials = try SigningCredentials(privateKeyPEM: secrets.open(row.decode(column: "signing_key_pem", as: String.self)),
                                                 certificatePEM: row.decode(column: "certificate_pem", as: String.self))
        let secret = try Data(base64Encoded: secrets.open(row.decode(column: "qr_secret", as: String.self))).orThrow("qr secret")
        let fresh = Loaded(version: try row.decode(column: "settings_version", as: Int64.self), issuer: issuer,
                           signer: FESigner(credentials: credentials, qrCode: QRCode(secret: SymmetricKey(data: secret))))
        loaded[company] = fresh
        return fresh
    }

    func catalog(of company: UUID) async throws -> CatalogResponse {
        let issuer = try await issuer(of: company)
        let (points, products) = try await database.read { db in
            let points = try await db.raw("SELECT code FROM points_of_sale WHERE company_id = \(bind: company.uuidString) ORDER BY code").all()
                .map { try $0.decode(column: "code", as: String.self) }
            let products = try await db.raw("SELECT code, name, price_cents, rate FROM products WHERE company_id = \(bind: company.uuidString) ORDER BY code").all()
                .map { row in
                    Product(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                            price: Money(cents: try row.decode(column: "price_cents", as: Int64.self)),
                            rate: try ITBMSRate(rawValue: row.decode(column: "rate", as: String.self)).orThrow("rate"))
                }
            return (points, products)
        }
        return CatalogResponse(companyID: company, issuer: issuer, pointsOfSale: points, products: products)
    }
}
