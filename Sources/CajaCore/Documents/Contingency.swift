import Foundation

/// Contingency data of an offline document (iTpEmis 04): when the offline session started
/// (dFechaCont) and why (dMotCont).
public struct Contingency: Hashable, Codable, Sendable {
    /// dFechaCont: activation time of the offline session.
    public var start: Date
    /// dMotCont: the reason the cashier gave, 15-150 characters.
    public var reason: String

    public static let reasonLength = 15...150

    public init(start: Date, reason: String) {
        self.start = start
        self.reason = reason
    }

    /// Checks the reason (O2, rule 1509) and that the contingency began before the document
    /// was issued (rule 1507).
    func validate(issuedAt: Date) throws(CajaError) {
        try Self.validateReason(reason, field: "contingency.reason")
        guard PanamaTime.seconds(start) <= PanamaTime.seconds(issuedAt) else {
            throw CajaError(.contingencyAfterIssue, field: "contingency.start", "contingency starts after the issue time")
        }
    }

    static func validateReason(_ reason: String, field: String) throws(CajaError) {
        do { try TextRule.check(reason, field: field, length: reasonLength) } catch {
            let code: ErrorCode = reasonLength.contains(reason.unicodeScalars.count) ? .invalidText : .contingencyReasonLength
            throw CajaError(code, field: field, error.detail)
        }
    }
}
