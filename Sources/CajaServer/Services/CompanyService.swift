import CajaCore
import Crypto
import Foundation

/// Companies, their catalog and their signing keys. Keys stay on the server: they are read
/// here and used by ``FESigner``; no route returns them.
actor CompanyService {
    let database: any DatabaseDriver
    let companies: any CompanyRepository
    let catalogs: any CatalogRepository
    let accounts: AccountService
    let dependencies: Dependencies
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

    init(database: any DatabaseDriver, repositories: Repositories, accounts: AccountService, dependencies: Dependencies, secrets: SecretBox) {
        self.database = database
        companies = repositories.companies
        catalogs = repositories.catalog
        self.accounts = accounts
        self.dependencies = dependencies
        self.secrets = secrets
    }

    /// Seals secrets stored before encryption at rest existed (run at start-up).
    func sealPlaintextSecrets() async throws {
        let companies = self.companies
        let rows = try await database.read { db in try await companies.all(db: db) }
        for row in rows where !SecretBox.isSealed(row.signingKeyPem) || !SecretBox.isSealed(row.qrSecret) {
            let sealedKey = SecretBox.isSealed(row.signingKeyPem) ? row.signingKeyPem : try secrets.seal(row.signingKeyPem)
            let sealedSecret = SecretBox.isSealed(row.qrSecret) ? row.qrSecret : try secrets.seal(row.qrSecret)
            try await database.transaction { db in
                try await companies.sealSecrets(of: row.id, sealedKey: sealedKey, sealedQRSecret: sealedSecret, db: db)
            }
        }
    }

    /// The key, certificate and QR secret as stored: the key and secret sealed with the master
    /// key. ``SettingsService/replaceCredentials(_:by:)`` stores them with their audit entry.
    nonisolated func sealed(_ credentials: SigningCredentials, qrSecret: Data?) throws -> SealedCredentials {
        SealedCredentials(key: try secrets.seal(credentials.privateKeyPEM), certificatePEM: credentials.certificatePEM,
                          qrSecret: try qrSecret.map { try secrets.seal($0.base64EncodedString()) })
    }

    /// The end of the validity of the certificate a company signs with (the panel warns 30
    /// days before it).
    func certificateNotValidAfter(of company: UUID) async throws -> Date {
        try CertificateFacts.info(try await certificatePEM(of: company)).notValidAfter
    }

    /// The certificate a company signs with (never the key).
    func certificatePEM(of company: UUID) async throws -> String {
        let companies = self.companies
        return try await database.read { db in try await companies.company(company, db: db) }.orThrow("company").certificatePem
    }

    /// Registers a company an owner described (the setup page, the command line). With
    /// `firstSetup`, only while the server has no company yet: the first setup wins, a second
    /// one is refused (``ErrorCode/setupAlreadyDone``) and stores nothing.
    func register(_ registration: CompanyRegistration, firstSetup: Bool) async throws -> UUID {
        try await create(try registration.setup(), firstSetup: firstSetup)
    }

    /// Creates a company with a generated key and a self-signed certificate (the demo seed,
    /// the setup page, the command line, tests): the company signs with it until its owner
    /// uploads its own. Login names are unique across the server's companies, so a login
    /// needs no company field: a name taken anywhere is refused (``ErrorCode/usernameTaken``).
    func create(_ setup: CompanySetup, firstSetup: Bool = false) async throws -> UUID {
        try setup.issuer.validate()
        let points = try setup.pointsOfSale.map { try PointOfSale($0) }
        let now = dependencies.clock.now()
        let credentials = try SigningCredentials.selfSigned(commonName: setup.issuer.name, organization: setup.name, now: now)
        let qrSecret = try secrets.seal(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() })
        let id = dependencies.uuid()
        let company = CompanyEntry(id: id.uuidString, name: setup.name,
                                   issuerJson: String(decoding: try StrictJSON.encoder.encode(setup.issuer), as: UTF8.self),
                                   signingKeyPem: try secrets.seal(credentials.privateKeyPEM), certificatePem: credentials.certificatePEM,
                                   qrSecret: qrSecret, createdAt: now.millis, settingsVersion: nil)
        var users: [UserEntry] = []
        for (name, password, role) in setup.users {
            users.append(try await accounts.newUser(named: name, password: password, role: role, company: id))
        }
        let (companies, catalogs, hashedUsers) = (self.companies, self.catalogs, users)
        for user in hashedUsers {
            if try await database.read({ db in try await companies.user(named: user.username, db: db) }) != nil {
                throw CompanyRegistration.nameTaken(user.username, field: "adminUser")
            }
        }
        do {
            try await database.transaction { db in
                if firstSetup {
                    guard try await companies.count(db: db) == 0 else { throw Self.setupDone }
                }
                try await companies.insert(company, db: db)
                if firstSetup, try await !companies.claimFirstSetup(company: id, at: now, db: db) { throw Self.setupDone }
                for point in points { try await catalogs.insert(point: point, description: "", company: id, db: db) }
                let version = try await companies.bumpCatalogVersion(of: id, db: db)
                for product in setup.products { try await catalogs.insert(product, company: id, version: version, db: db) }
                for user in hashedUsers { try await companies.insert(user, db: db) }
            }
        } catch where database.isUniqueViolation(error) {
            // A concurrent setup claimed the server first, or took a user name meanwhile.
            if firstSetup, try await companyCount() > 0 { throw Self.setupDone }
            throw CajaError(.usernameTaken, field: "adminUser", "a user name of this company is taken on this server")
        }
        return id
    }

    static let setupDone = CajaError(.setupAlreadyDone, "this server already has its first company")

    func companyCount() async throws -> Int {
        let companies = self.companies
        return try await database.read { db in try await companies.count(db: db) }
    }

    func issuer(of company: UUID) async throws -> Issuer { try await current(company).issuer }

    /// Both, for a request whose token lookup read the company's `settings_version` (a
    /// document or a sync batch needs the two): the cached ones when they are at least that
    /// version, so the check costs no round trip of its own (issue 16, item 3).
    func issuerAndSigner(of identity: Identity) async throws -> (issuer: Issuer, signer: FESigner) {
        let loaded = try await current(identity.companyID, known: identity.settingsVersion)
        return (loaded.issuer, loaded.signer)
    }

    /// The signer with the `settings_version` it was read at (the DGI queue holds documents
    /// at that version when the certificate has expired, and takes them up once it moves).
    func versionedSigner(of company: UUID) async throws -> (signer: FESigner, version: Int64) {
        let loaded = try await current(company)
        return (loaded.signer, loaded.version)
    }

    /// The company's issuer and signer as the database has them now: the cached ones when
    /// their version is still current, else read and decoded again. The current version is
    /// `known` when the caller read it (with its session), else one indexed read here.
    /// Versions only grow, so a cache newer than `known` is current too.
    private func current(_ company: UUID, known: Int64? = nil) async throws -> Loaded {
        let companies = self.companies
        let version: Int64
        if let known {
            version = known
        } else {
            guard let read = try await database.read({ db in try await companies.settingsVersion(of: company, db: db) }) else {
                throw CajaError.notFound("company")
            }
            version = read
        }
        if let cached = loaded[company], cached.version >= version { return cached }
        guard let row = try await database.read({ db in try await companies.company(company, db: db) }) else {
            throw CajaError.notFound("company")
        }
        let issuer = try StrictJSON.decoder.decode(Issuer.self, from: Data(row.issuerJson.utf8))
        let credentials = try SigningCredentials(privateKeyPEM: secrets.open(row.signingKeyPem), certificatePEM: row.certificatePem)
        let secret = try Data(base64Encoded: secrets.open(row.qrSecret)).orThrow("qr secret")
        let fresh = Loaded(version: try row.settingsVersion.orThrow("settings version"), issuer: issuer,
                           signer: FESigner(credentials: credentials, qrCode: QRCode(secret: SymmetricKey(data: secret))))
        loaded[company] = fresh
        return fresh
    }

    /// The catalog's version: one primary-key read, for a register's check on each contact.
    func catalogVersion(of company: UUID) async throws -> CatalogVersion {
        let companies = self.companies
        return try await database.read { db in try await companies.catalogVersion(of: company, db: db) }.orThrow("company")
    }

    /// The catalog with its version: whole, or — when `since` is a version of this company's
    /// catalog that the changes after it bring up to date (``CatalogVersion/canSendChanges(after:)``)
    /// — only the products changed after it, the deactivated ones as `removed` (issue 14,
    /// Scale). The version is read first (`version`, when the caller already read it, else
    /// here): a change between the two reads gives newer rows under an older version, which the
    /// next check fetches again (never the other way round, which would hide the change).
    func catalog(of company: UUID, version known: CatalogVersion? = nil, since: CatalogVersion? = nil) async throws -> CatalogResponse {
        let version: CatalogVersion
        if let known { version = known } else { version = try await catalogVersion(of: company) }
        let issuer = try await issuer(of: company)
        let catalogs = self.catalogs
        if let since, version.canSendChanges(after: since) {
            let (points, changed) = try await database.read { db in
                (try await catalogs.points(company: company, db: db),
                 try await catalogs.products(company: company, changedAfter: since.catalog, db: db))
            }
            return .changes(companyID: company, issuer: issuer, pointsOfSale: points, changed: changed.filter(\.active).map(\.product),
                            removed: changed.filter { !$0.active }.map(\.product.code), since: since.description,
                            version: version.description)
        }
        let (points, products) = try await database.read { db in
            (try await catalogs.points(company: company, db: db), try await catalogs.products(company: company, db: db))
        }
        return CatalogResponse(companyID: company, issuer: issuer, pointsOfSale: points, products: products, version: version.description)
    }
}
