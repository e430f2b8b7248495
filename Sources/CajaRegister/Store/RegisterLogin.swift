import CajaCore
import Foundation

/// The online login the register keeps (O1: offline needs one): where the server is, who
/// logged in, at which point of sale, as which device. The token is the only secret here.
public struct RegisterLogin: Codable, Sendable, Equatable {
    public var serverURL: String
    public var user: String
    public var role: String
    public var token: String
    public var expiresAt: Date
    public var companyID: UUID
    public var companyName: String
    /// dPtoFacDF of every document this register issues.
    public var pointOfSale: String
    public var deviceID: UUID
    public var deviceName: String
}
