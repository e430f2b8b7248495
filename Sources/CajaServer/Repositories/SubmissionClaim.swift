import CajaCore
import Foundation
import SQLKit

/// A submission the worker leased.
struct SubmissionClaim: Sendable {
    var company: UUID
    var document: UUID
    var attempt: Int
    /// The state it was claimed in: ``DGIState/needsSignature`` ones are signed before the send.
    var state: DGIState
}
