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
    /// For ``DGIState/certificateExpired``: the company's settings version the expired
    /// certificate was read at; the row is claimed again once that version moves.
    var heldVersion: Int64?
    /// The rFE this attempt signed, stored with its outcome (nil: it was signed before).
    var signed: SignedDocument?

    init(state: DGIState, detail: String, started: Date, finished: Date, protocolNumber: String? = nil, code: String? = nil,
         message: String? = nil, retryAt: Date, heldVersion: Int64? = nil, signed: SignedDocument? = nil) {
        (self.state, self.detail, self.started, self.finished) = (state, detail, started, finished)
        (self.protocolNumber, self.code, self.message) = (protocolNumber, code, message)
        (self.retryAt, self.heldVersion, self.signed) = (retryAt, heldVersion, signed)
    }
}
