import CajaCore
import Foundation
import SQLKit

/// A `users` row, with its company's name when read for a login.
struct UserEntry: Sendable, Decodable {
    var id: String
    var companyId: String
    var username: String
    var passwordHash: String
    var role: Role
    /// Set once the user is disabled.
    var disabledAt: Int64?
    var companyName: String?
}
