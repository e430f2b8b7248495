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
