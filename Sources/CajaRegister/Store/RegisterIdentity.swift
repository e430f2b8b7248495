import Foundation

/// Who this register is, without any credential: what ``RegisterLogin`` holds but the token.
/// The journal's snapshot keeps it, so a register rebuilt by `caja recover` knows its point of
/// sale and company while the cashier cannot log in yet.
public struct RegisterIdentity: Codable, Sendable, Equatable {
    public var serverURL: String
    public var user: String
    public var companyID: UUID
    public var companyName: String
    public var pointOfSale: String
    public var deviceID: UUID
    public var deviceName: String

    init(_ login: RegisterLogin) {
        serverURL = login.serverURL
        user = login.user
        companyID = login.companyID
        companyName = login.companyName
        pointOfSale = login.pointOfSale
        deviceID = login.deviceID
        deviceName = login.deviceName
    }
}
