import CajaCore
import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import SQLKit

/// Users, devices and login sessions. Passwords are bcrypt hashes; tokens are random and
/// stored only as their SHA-256, so a copy of the database does not log anyone in.
struct AccountService: Sendable {
    let database: any DatabaseDriver
    let companies: any CompanyRepository
    let catalog: any CatalogRepository
    let sessions: any SessionRepository
    let configuration: ServerConfiguration
    let dependencies: Dependencies
    let throttle: LoginThrottle
    /// A hash of nothing, verified when the user does not exist, made at the cost real
    /// passwords are hashed at, so a wrong user name takes as long as a wrong password
    /// (the old decoy had cost 4 against 12: 6 ms against 600 ms told names apart).
    let decoyHash: String

    init(database: any DatabaseDriver, repositories: Repositories, configuration: ServerConfiguration, dependencies: Dependencies) {
        self.database = database
        companies = repositories.companies
        catalog = repositories.catalog
        sessions = repositories.sessions
        self.configuration = configuration
        self.dependencies = dependencies
        throttle = LoginThrottle(database: database, repository: repositories.throttle, clock: dependencies.clock)
        decoyHash = Bcrypt.hash(AccountService.newToken(random: dependencies.random), cost: configuration.bcryptCost)
    }

    func hashPassword(_ password: String) async throws -> String {
        let cost = configuration.bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// A new `users` row with its password hashed: the one way a user is made (the settings,
    /// a company's setup). Callers check the password's rule (the demo's passwords predate it).
    func newUser(named name: String, password: String, role: Role, company: UUID) async throws -> UserEntry {
        UserEntry(id: dependencies.uuid().uuidString, companyId: company.uuidString, username: name,
                         passwordHash: try await hashPassword(password), role: role, disabledAt: nil)
    }

    static func pointInactive(_ point: PointOfSale) -> CajaError {
        CajaError(.pointInactive, field: "pointOfSale", "point of sale \(point.code) is deactivated")
    }

    /// - Parameter address: the client's address, for the login throttle.
    func login(_ request: SessionRequest, from address: String?) async throws -> SessionResponse {
        guard !request.user.isEmpty, request.user.count <= 100, request.password.count <= 200 else {
            throw CajaError(.invalidCredentials, "wrong user or password")
        }
        try await throttle.attempt(user: request.user, address: address)
        let companies = self.companies
        let user = try await database.read { db in try await companies.user(named: request.user, db: db) }
        // A disabled user is checked like an unknown one: the same answer, the same time.
        let active = user?.disabledAt == nil ? user : nil
        let hash = active?.passwordHash ?? decoyHash
        let password = request.password
        let valid = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let user = active, valid else {
            throw CajaError(.invalidCredentials, "wrong user or password")
        }
        try await throttle.succeeded(user: request.user, address: address)
        let companyID = try UUID(uuidString: user.companyId).orThrow("company id")
        let role = user.role
        let companyName = try user.companyName.orThrow("company name")

        let point = try Self.pointOfSale(request.pointOfSale)
        let deviceName = request.device?.trimmingCharacters(in: .whitespaces)
        if role == .cashier, point == nil || deviceName?.isEmpty != false {
            throw CajaError(.deviceSessionRequired, field: point == nil ? "pointOfSale" : "device",
                            "a cashier logs in at a point of sale with a device name")
        }
        if (point == nil) != (deviceName?.isEmpty != false) {
            throw CajaError(.deviceSessionRequired, field: point == nil ? "pointOfSale" : "device", "pointOfSale and device go together")
        }
        if let deviceName {
            try Identifier.check(deviceName, field: "device")
        }
        let now = dependencies.clock.now()
        // A device is its key, not its name: the login proves it holds the key (issue 13).
        var deviceKey: String?
        if point != nil, deviceName != nil {
            guard let proof = request.deviceProof else {
                throw CajaError(.deviceProofRequired, field: "deviceProof", "a device login needs deviceProof, signed with the register's device key")
            }
            switch proof.verify(user: request.user, pointOfSale: request.pointOfSale, device: request.device, now: now) {
            case .valid: deviceKey = proof.publicKey
            case .stale:
                throw CajaError(.deviceProofStale, field: "deviceProof.signedAt", "deviceProof.signedAt is more than 15 minutes from the server's time")
            case .invalid:
                throw CajaError(.deviceProofInvalid, field: "deviceProof", "deviceProof is not this key's signature of this login")
            }
        }

        let token = Self.newToken(random: dependencies.random)
        let expiresAt = now.addingTimeInterval(configuration.sessionLifetime)
        let enrolledKey = deviceKey
        let (database, catalog, sessions) = (self.database, self.catalog, self.sessions)
        let newDevice = dependencies.uuid()
        let open: @Sendable () async throws -> UUID? = { try await database.transaction { db in
            var deviceID: UUID?
            if let point, let deviceName {
                guard let known = try await catalog.point(point, company: companyID, db: db) else {
                    throw CajaError(.unknownPointOfSale, field: "pointOfSale", "point of sale \(point.code) does not exist")
                }
                guard known.active else { throw Self.pointInactive(point) }
                let allowed = try await companies.points(ofUser: user.id, db: db)
                guard allowed.isEmpty || allowed.contains(point.code) else {
                    throw CajaError(.pointNotAllowed, field: "pointOfSale", "this user may log in only at \(allowed.joined(separator: ", "))")
                }
                deviceID = try await Self.device(key: enrolledKey.orThrow("device key"), named: deviceName, point: point,
                                                 company: companyID, now: now, newID: newDevice, sessions: sessions, db: db)
            }
            try await sessions.open(LoginSession(tokenHash: Self.tokenHash(token), userId: user.id, companyId: companyID.uuidString,
                                                 role: role, deviceId: deviceID?.uuidString, point: point?.code,
                                                 expiresAt: expiresAt.millis), db: db)
            return deviceID
        } }
        let deviceID: UUID?
        // Two first logins of one new register at once: the second finds the device the first made.
        do { deviceID = try await open() } catch where database.isUniqueViolation(error) { deviceID = try await open() }
        return SessionResponse(token: token, expiresAt: expiresAt, user: request.user, role: role,
                               companyID: companyID, companyName: companyName, pointOfSale: point?.code, deviceID: deviceID)
    }

    static func pointOfSale(_ text: String?) throws -> PointOfSale? {
        guard let text else { return nil }
        return try PointOfSale(text)
    }

    /// The device whose key signed the login; it moves to `point`. Found by its key first, so
    /// a retired device stays retired under any name. A key not seen before takes a new name
    /// (a new device), or enrolls on a device of that name that has no key yet (a register
    /// from before device keys); a name that belongs to another key is refused.
    private static func device(key: String, named name: String, point: PointOfSale, company: UUID, now: Date, newID: UUID,
                               sessions: any SessionRepository, db: any SQLDatabase) async throws -> UUID {
        let retired = CajaError(.deviceRetired, field: "device", "device '\(name)' was retired")
        let taken = CajaError(.deviceNameTaken, field: "device", "device name '\(name)' belongs to another register's key")
        if let known = try await sessions.device(key: key, company: company, db: db) {
            guard known.retiredAt == nil else { throw retired }
            let id = try UUID(uuidString: known.id).orThrow("device id")
            try await sessions.move(device: id, to: point, db: db)
            return id
        }
        if let named = try await sessions.device(named: name, company: company, db: db) {
            guard named.publicKey == nil else { throw taken }
            guard named.retiredAt == nil else { throw retired }
            let id = try UUID(uuidString: named.id).orThrow("device id")
            // Only while it still has no key: of two first logins at once, one enrolls.
            guard try await sessions.enroll(device: id, key: key, point: point, db: db) else { throw taken }
            return id
        }
        try await sessions.insert(DeviceEntry(id: newID.uuidString, companyId: company.uuidString, name: name, point: point.code,
                                              createdAt: now.millis, publicKey: key), db: db)
        return newID
    }

    /// The identity behind a bearer token, or nil when unknown or expired.
    func authenticate(token: String) async throws -> Identity? {
        guard token.count <= 200 else { return nil }
        let now = dependencies.clock.now()
        let sessions = self.sessions
        guard let session = try await database.read({ db in try await sessions.session(tokenHash: Self.tokenHash(token), db: db) }),
              session.expiresAt > now.millis, session.retiredAt == nil else { return nil }
        if let device = session.deviceId.flatMap(UUID.init(uuidString:)) { await seen(device, session.lastSeenAt, now: now) }
        return Identity(
            userID: try UUID(uuidString: session.userId).orThrow("user id"),
            username: try session.username.orThrow("user name"),
            companyID: try UUID(uuidString: session.companyId).orThrow("company id"),
            role: session.role,
            deviceID: session.deviceId.flatMap(UUID.init(uuidString:)),
            pointOfSale: session.point.flatMap { try? PointOfSale($0) },
            pointActive: session.pointDeactivatedAt == nil,
            settingsVersion: session.settingsVersion)
    }

    func logout(token: String) async throws {
        let sessions = self.sessions
        try await database.transaction { db in try await sessions.close(tokenHash: Self.tokenHash(token), db: db) }
    }

    /// How often a register's last contact is written: a busy till's requests pay one write a
    /// minute, not one each (online issuance is the hot path).
    static let lastSeenResolution: TimeInterval = 60

    /// Records the device's contact when the one read with its session is a minute old or more.
    /// Last contact is a hint for people: a failed write (a busy database) does not fail the request.
    private func seen(_ device: UUID, _ lastSeen: Int64?, now: Date) async {
        let since = now.addingTimeInterval(-Self.lastSeenResolution)
        if let lastSeen, lastSeen >= since.millis { return }
        let sessions = self.sessions
        _ = try? await database.transaction { db in try await sessions.touch(device: device, at: now, unlessSeenSince: since, db: db) }
    }

    static func newToken(random: RandomSource = .system) -> String {
        var generator = random.generator
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Optional {
    /// Unwraps stored data that must be there; a nil is corrupt data, not bad input.
    func orThrow(_ what: String) throws -> Wrapped {
        guard let value = self else { throw ServerError.corruptData("\(what) is missing or malformed") }
        return value
    }
}
