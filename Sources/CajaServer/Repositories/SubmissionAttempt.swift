import CajaCore
import Foundation
import SQLKit

/// What one attempt came to.
struct SubmissionAttempt: Sendable {
    var state: DGIState
    /// For the attempts log (and the last error of an open submission).
    var detail: String
    var started: Date
    var finished: Date
    var protocolNumber: String?
    var code: String?
    var message: String?
    /// When an open submission is tried again.
    var retryAt: Date
}
