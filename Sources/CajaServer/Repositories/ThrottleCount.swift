import Foundation
import SQLKit

/// One key's attempts.
struct ThrottleCount: Sendable, Decodable {
    var key: String
    var failures: Int
    var lastFailureAt: Int64
    var blockedUntil: Int64
}
