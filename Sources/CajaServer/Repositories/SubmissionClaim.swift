import CajaCore
import Foundation
import SQLKit

/// A submission the worker leased.
struct SubmissionClaim: Sendable {
    var company: UUID
    var document: UUID
    var attempt: Int
}
