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
    private var signers: [UUID: FESigner] = [:]
    private var issuers: [UUID: Issuer] = [:]

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
                UPDATE companies SET signing_key_pem = \(bind: sealedKey), certificate_pem = \(bind: certificate)
                WHERE id = \(bind: company.uuidString)
                """).run()
            if let sealedSecret {
                try await db.raw("UPDATE companies SET qr_secret = \(bind: sealedSecret) WHERE id = \(bind: company.uuidString)").run()
            }
        }
        signers[company] = nil
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

    func issuer(of company: UUID) async throws -> Issuer {
        if let cached = issuers[company] { return cached }
        try await load(company)
        return try issuers[company].orThrow("issuer")
    }

    func signer(of company: UUID) async throws -> FESigner {
        if let cached = signers[company] { return cached }
        try await load(company)
        return try signers[company].orThrow("signer")
    }

    private func load(_ company: UUID) async throws {
        let row = try await database.read { db in
            try await db.raw("SELECT issuer_json, signing_key_pem, certificate_pem, qr_secret FROM companies WHERE id = \(bind: company.uuidString)").first()
        }
        guard let row else { throw APIError.notFound("company") }
        let issuer = try StrictJSON.decoder.decode(Issuer.self, from: Data(row.decode(column: "issuer_json", as: String.self).utf8))
        let credentials = try SigningCredentials(privateKeyPEM: secrets.open(row.decode(column: "signing_key_pem", as: String.self)),
                                                 certificatePEM: row.decode(column: "certificate_pem", as: String.self))
        let secret = try Data(base64Encoded: secrets.open(row.decode(column: "qr_secret", as: String.self))).orThrow("qr secret")
        issuers[company] = issuer
        signers[company] = FESigner(credentials: credentials, qrCode: QRCode(secret: SymmetricKey(data: secret)))
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
