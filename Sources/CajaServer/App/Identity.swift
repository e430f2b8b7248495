import CajaCore
import Foundation
import Hummingbird

/// Who is calling: resolved from the bearer token by ``AuthMiddleware``.
public struct Identity: Sendable {
    public var userID: UUID
    public var username: String
    public var companyID: UUID
    public var role: Role
    /// Set when the session was opened by a device at a point of sale.
    public var deviceID: UUID?
    public var pointOfSale: PointOfSale?
    /// False once the session's point of sale was deactivated: it issues nothing new (read
    /// with the session, so issuing pays no extra query).
    public var pointActive: Bool = true
    /// The company's `settings_version` when the token was looked up (read with the session):
    /// the version a request's issuer and signer are checked against, without a read of its own.
    public var settingsVersion: Int64?

    func require(_ roles: Role...) throws -> Identity {
        guard roles.contains(role) else { throw CajaError.forbidden }
        return self
    }

    func requireDevice() throws -> (device: UUID, point: PointOfSale) {
        guard let deviceID, let pointOfSale else {
            throw CajaError(.deviceSessionRequired, field: "pointOfSale", "log in with a point of sale and a device for this")
        }
        return (deviceID, pointOfSale)
    }

    /// ``requireDevice()`` at a point that still issues (number blocks).
    func requireIssuingDevice() throws -> (device: UUID, point: PointOfSale) {
        let device = try requireDevice()
        guard pointActive else { throw AccountService.pointInactive(device.point) }
        return device
    }
}
