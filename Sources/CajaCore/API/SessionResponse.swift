import Foundation

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
