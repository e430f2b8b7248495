import Foundation

/// `POST /v1/sessions`: a user (and, for cashiers, a device at a point of sale) logs in.
public struct SessionRequest: Codable, Sendable {
    public var user: String
    public var password: String
    /// Point of sale code ("001"); required for cashiers.
    public var pointOfSale: String?
    /// Device name, e.g. the till's hostname; required for cashiers. A label: the device is
    /// the key that ``deviceProof`` proves.
    public var device: String?
    /// Required with `device`: the register's signature with its device key over this login.
    public var deviceProof: DeviceProof?

    public init(user: String, password: String, pointOfSale: String? = nil, device: String? = nil, deviceProof: DeviceProof? = nil) {
        self.user = user
        self.password = password
        self.pointOfSale = pointOfSale
        self.device = device
        self.deviceProof = deviceProof
    }

    /// This login signed with `key` at `now` (a register's login).
    public func signed(with key: DeviceKey, at now: Date) throws -> SessionRequest {
        var request = self
        request.deviceProof = try key.proof(user: user, pointOfSale: pointOfSale, device: device, at: now)
        return request
    }
}

/// The answer to a login: a bearer token and who it stands for.
public struct SessionResponse: Codable, Sendable {
    public var token: String
    public var expiresAt: Date
    public var user: String
    public var role: Role
    public var companyID: UUID
    public var companyName: String
    public var pointOfSale: String?
    public var deviceID: UUID?

    public init(token: String, expiresAt: Date, user: String, role: Role, companyID: UUID, companyName: String,
                pointOfSale: String?, deviceID: UUID?) {
        self.token = token
        self.expiresAt = expiresAt
        self.user = user
        self.role = role
        self.companyID = companyID
        self.companyName = companyName
        self.pointOfSale = pointOfSale
        self.deviceID = deviceID
    }
}

/// The body of every 4xx/5xx answer: `{"error": {"code", "message", "field"}}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var field: String?
    }

    public var error: Detail

    public init(code: String, message: String, field: String? = nil) {
        error = Detail(code: code, message: message, field: field)
    }
}
