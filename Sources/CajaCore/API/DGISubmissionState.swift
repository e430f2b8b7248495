import Foundation

/// The document's journey to the DGI (N5): its submission state, attempts, and the
/// protocol (dProAut) or the rule codes of a rejection.
public struct DGISubmissionState: Codable, Sendable, Hashable {
    public var status: DGIState
    public var attempts: Int
    /// dProAut, when authorized.
    public var protocolNumber: String?
    /// ISO 8601 with the Panama offset.
    public var authorizedAt: String?
    /// dCodRes (comma-separated when several rules failed).
    public var code: String?
    public var message: String?
    /// The last transport failure while it is still being retried.
    public var lastError: String?

    public init(status: DGIState, attempts: Int, protocolNumber: String?, authorizedAt: String?, code: String?,
                message: String?, lastError: String?) {
        self.status = status
        self.attempts = attempts
        self.protocolNumber = protocolNumber
        self.authorizedAt = authorizedAt
        self.code = code
        self.message = message
        self.lastError = lastError
    }
}
