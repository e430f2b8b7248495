/// Something the server noticed when it stored an offline document (N4). Not fatal: the
/// document is kept and shown in the panel with its flags. The raw values are the wire's
/// and the database's (`documents.flags`, comma-separated).
public enum DocumentFlag: String, Codable, Sendable, CaseIterable {
    /// Its number lies outside every block granted to the device.
    case outsideBlock = "OUTSIDE_BLOCK"
    /// Its time does not lie between its neighbours' along the device's sequence.
    case timeOrder = "TIME_ORDER"
    /// Its business day at its point already had its Reporte Z.
    case dayAlreadyClosed = "DAY_ALREADY_CLOSED"
    // An offline rule it broke (the rule's error code).
    case offlineBillingMethod = "OFFLINE_BILLING_METHOD"
    case offlineReceiver = "OFFLINE_RECEIVER"
    case offlineDocumentType = "OFFLINE_DOCUMENT_TYPE"
    case offlinePaymentMethod = "OFFLINE_PAYMENT_METHOD"
    case offlineWindowExpired = "OFFLINE_WINDOW_EXPIRED"
    case offlineClockBackwards = "OFFLINE_CLOCK_BACKWARDS"
    case offlineBeforeActivation = "OFFLINE_BEFORE_ACTIVATION"
    case offlineContingencyMismatch = "OFFLINE_CONTINGENCY_MISMATCH"
    case offlineAfterSessionEnd = "OFFLINE_AFTER_SESSION_END"
    case contingencyForTaxpayer = "CONTINGENCY_FOR_TAXPAYER"
    /// Any other rule of the offline policy (should it grow one before this list does).
    case offlineRuleBroken = "OFFLINE_RULE_BROKEN"

    /// The flag of a broken offline rule.
    public init(brokenRule code: ErrorCode) { self = DocumentFlag(rawValue: code.rawValue) ?? .offlineRuleBroken }
}
