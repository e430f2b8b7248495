import CajaCore
import Foundation
import SQLKit

/// A register as the server knows it.
struct DeviceEntry: Sendable, Decodable {
    var id: String
    var companyId: String
    var name: String
    var point: String?
    var createdAt: Int64
    var publicKey: String?
    var retiredAt: Int64?
}
