import CajaCore
import Foundation
import SQLKit

/// A login: who, in which company and role, and for a register its device and point.
struct LoginSession: Sendable, Decodable {
    var tokenHash: String
    var userId: String
    var companyId: String
    var role: Role
    var deviceId: String?
    var point: String?
    var expiresAt: Int64
    /// Read with the session: the user's name, whether its device was retired, when its
    /// device was last seen, whether its point of sale was deactivated, and the company's
    /// `settings_version` (no extra query).
    var username: String?
    var retiredAt: Int64?
    var lastSeenAt: Int64?
    var pointDeactivatedAt: Int64?
    var settingsVersion: Int64?
}
