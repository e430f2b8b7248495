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
    let configuration: ServerConfiguration
    let throttle: LoginThrottle
    /// A hash of nothing, verified when the user does not exist, made at the cost real
    /// passwords are hashed at, so a wrong user name takes as long as a wrong password
    /// (the old decoy had cost 4 against 12: 6 ms against 600 ms told names apart).
    let decoyHash: String

    init(database: any DatabaseDriver, configuration: ServerConfiguration) {
        self.database = database
        self.configuration = configuration
        throttle = LoginThrottle(database: database, clock: configuration.clock)
        decoyHash = Bcrypt.hash(AccountService.newToken(), cost: configuration.bcryptCost)
    }

    func hashPassword(_ password: String) async throws -> String {
        let cost = configuration.bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// - Parameter address: the client's address, for the login throttle.
    func login(_ request: SessionRequest, from address: String?) async throws -> SessionResponse {
        guard !request.user.isEmpty, request.user.count <= 100, request.password.count <= 200 else {
            throw APIError(.unauthorized, code: "INVALID_CREDENTIALS", message: "wrong user or password")
        }
        try await throttle.attempt(user: request.user, address: address)
        let user = try await database.read { db in
            try await db.raw("""
                SELECT u.id, u.password_hash, u.role, u.company_id, c.name AS company_name
                FROM users u JOIN companies c ON c.id = u.company_id WHERE u.username = \(bind: request.user)
                """).first()
        }
        let hash = try user?.decode(column: "password_hash", as: String.self) ?? decoyHash
        let password = request.password
        let valid = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let user, valid else {
            throw APIError(.unauthorized, code: "INVALID_CREDENTIALS", message: "wrong user or password")
        }
        try await throttle.succeeded(user: request.user, address: address)
        let userID = try UUID(uuidString: user.decode(column: "id", as: String.self)).orThrow("user id")
        let companyID = try UUID(uuidString: user.decode(column: "company_id", as: String.self)).orThrow("company id")
        let role = try Role(rawValue: user.decode(column: "role", as: String.self)).orThrow("role")
        let companyName = try user.decode(column: "company_name", as: String.self)

        let point = try Self.pointOfSale(request.pointOfSale)
        let deviceName = request.device?.trimmingCharacters(in: .whitespaces)
        if role == .cashier, point == nil || deviceName?.isEmpty != false {
            throw APIError(.unprocessableContent, code: "DEVICE_SESSION_REQUIRED",
                           message: "a cashier logs in at a point of sale with a device name",
                           field: point == nil ? "pointOfSale" : "device")
        }
        if (point == nil) != (deviceName?.isEmpty != false) {
            throw APIError(.unprocessableContent, code: "DEVICE_SESSION_REQUIRED",
                           message: "pointOfSale and device go together", field: point == nil ? "pointOfSale" : "device")
        }
        if let deviceName {
            do { try Identifier.check(deviceName, field: "device") } catch { throw APIError(error) }
        }
        let now = configuration.clock.now()
        // A device is its key, not its name: the login proves it holds the key (issue 13).
        var deviceKey: String?
        if point != nil, deviceName != nil {
            guard let proof = request.deviceProof else {
                throw APIError(.unprocessableContent, code: ErrorCode.deviceProofRequired.rawValue,
                               message: "a device login needs deviceProof, signed with the register's device key", field: "deviceProof")
            }
            switch proof.verify(user: request.user, pointOfSale: request.pointOfSale, device: request.device, now: now) {
            case .valid: deviceKey = proof.publicKey
            case .stale:
                throw APIError(.unauthorized, code: ErrorCode.deviceProofStale.rawValue,
                               message: "deviceProof.signedAt is more than 15 minutes from the server's time", field: "deviceProof.signedAt")
            case .invalid:
                throw APIError(.unauthorized, code: ErrorCode.deviceProofInvalid.rawValue,
                               message: "deviceProof is not this key's signature of this login", field: "deviceProof")
            }
        }

        let token = Self.newToken()
        let expiresAt = now.addingTimeInterval(configuration.sessionLifetime)
        let enrolledKey = deviceKey
        let database = self.database
        let open: @Sendable () async throws -> UUID? = { try await database.transaction { db in
            var deviceID: UUID?
            if let point, let deviceName {
                let known = try await db.raw("SELECT 1 AS one FROM points_of_sale WHERE company_id = \(bind: companyID.uuidString) AND code = \(bind: point.code)").first()
                guard known != nil else {
                    throw APIError(.unprocessableContent, code: "UNKNOWN_POINT_OF_SALE",
                                   message: "point of sale \(point.code) does not exist", field: "pointOfSale")
                }
                deviceID = try await Self.device(key: enrolledKey.orThrow("device key"), named: deviceName, point: point,
                                                 company: companyID, now: now, db: db)
            }
            try await db.raw("""
                INSERT INTO api_sessions (token_hash, user_id, company_id, role, device_id, point, expires_at)
                VALUES (\(bind: Self.tokenHash(token)), \(bind: userID.uuidString), \(bind: companyID.uuidString),
                        \(bind: role.rawValue), \(bind: deviceID?.uuidString), \(bind: point?.code), \(bind: expiresAt.millis))
                """).run()
            return deviceID
        } }
        let deviceID: UUID?
        // Two first logins of one new register at once: the second finds the device the first made.
        do { deviceID = try await open() } catch where database.isUniqueViolation(error) { deviceID = try await open() }
        return SessionResponse(token: token, expiresAt: expiresAt, user: request.user, role: role.rawValue,
                               companyID: companyID, companyName: companyName, pointOfSale: point?.code, deviceID: deviceID)
    }

    static func pointOfSale(_ text: String?) throws -> PointOfSale? {
        guard let text else { return nil }
        do { return try PointOfSale(text) } catch { throw APIError(error) }
    }

    /// The device whose key signed the login; it moves to `point`. Found by its key first, so
    /// a retired device stays retired under any name. A key not seen before takes a new name
    /// (a new device), or enrolls on a device of that name that has no key yet (a register
    /// from before device keys); a name that belongs to another key is refused.
    private static func device(key: String, named name: String, point: PointOfSale, company: UUID, now: Date,
                               db: any SQLDatabase) async throws -> UUID {
        let retired = APIError(.forbidden, code: "DEVICE_RETIRED", message: "device '\(name)' was retired", field: "device")
        let taken = APIError(.conflict, code: ErrorCode.deviceNameTaken.rawValue,
                             message: "device name '\(name)' belongs to another register's key", field: "device")
        if let row = try await db.raw("""
            SELECT id, retired_at FROM devices WHERE company_id = \(bind: company.uuidString) AND public_key = \(bind: key)
            """).first() {
            guard try row.decode(column: "retired_at", as: Int64?.self) == nil else { throw retired }
            let id = try row.decode(column: "id", as: String.self)
            try await db.raw("UPDATE devices SET point = \(bind: point.code) WHERE id = \(bind: id)").run()
            return try UUID(uuidString: id).orThrow("device id")
        }
        if let row = try await db.raw("""
            SELECT id, public_key, retired_at FROM devices WHERE company_id = \(bind: company.uuidString) AND name = \(bind: name)
            """).first() {
            guard try row.decode(column: "public_key", as: String?.self) == nil else { throw taken }
            guard try row.decode(column: "retired_at", as: Int64?.self) == nil else { throw retired }
            let id = try row.decode(column: "id", as: String.self)
            // Only while it still has no key: of two first logins at once, one enrolls.
            let enrolled = try await db.raw("""
                UPDATE devices SET point = \(bind: point.code), public_key = \(bind: key) WHERE id = \(bind: id) AND public_key IS NULL
                RETURNING id
                """).first()
            guard enrolled != nil else { throw taken }
            return try UUID(uuidString: id).orThrow("device id")
        }
        let id = UUID()
        try await db.raw("""
            INSERT INTO devices (id, company_id, name, point, created_at, public_key)
            VALUES (\(bind: id.uuidString), \(bind: company.uuidString), \(bind: name), \(bind: point.code), \(bind: now.millis), \(bind: key))
            """).run()
        return id
    }

    /// The identity behind a bearer token, or nil when unknown or expired.
    func authenticate(token: String) async throws -> Identity? {
        guard token.count <= 200 else { return nil }
        let now = configuration.clock.now()
        let row = try await database.read { db in
            try await db.raw("""
                SELECT s.user_id, s.company_id, s.role, s.device_id, s.point, s.expires_at, u.username, d.retired_at
                FROM api_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN devices d ON d.id = s.device_id
                WHERE s.token_hash = \(bind: Self.tokenHash(token))
                """).first()
        }
        guard let row, try row.decode(column: "expires_at", as: Int64.self) > now.millis,
              try row.decode(column: "retired_at", as: Int64?.self) == nil else { return nil }
        return Identity(
            userID: try UUID(uuidString: row.decode(column: "user_id", as: String.self)).orThrow("user id"),
            username: try row.decode(column: "username", as: String.self),
            companyID: try UUID(uuidString: row.decode(column: "company_id", as: String.self)).orThrow("company id"),
            role: try Role(rawValue: row.decode(column: "role", as: String.self)).orThrow("role"),
            deviceID: try row.decode(column: "device_id", as: String?.self).flatMap(UUID.init(uuidString:)),
            pointOfSale: try row.decode(column: "point", as: String?.self).flatMap { try? PointOfSale($0) })
    }

    func logout(token: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM api_sessions WHERE token_hash = \(bind: Self.tokenHash(token))").run()
        }
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
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
