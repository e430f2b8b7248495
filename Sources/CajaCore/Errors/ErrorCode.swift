/// Stable machine codes of every error CajaCore raises. The raw values are a contract:
/// clients, scripts and the register's `--json` output match on them. Never rename one.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    // Values and fields
    case invalidAmount = "INVALID_AMOUNT"
    case invalidQuantity = "INVALID_QUANTITY"
    case invalidText = "INVALID_TEXT"
    case invalidRUC = "INVALID_RUC"
    case invalidBranch = "INVALID_BRANCH"
    case invalidPointOfSale = "INVALID_POINT_OF_SALE"
    case invalidNumber = "INVALID_DOCUMENT_NUMBER"
    case invalidSecurityCode = "INVALID_SECURITY_CODE"
    case invalidPhone = "INVALID_PHONE"
    // Document composition
    case noLines = "NO_LINES"
    case tooManyLines = "TOO_MANY_LINES"
    case noPayments = "NO_PAYMENTS"
    case tooManyPayments = "TOO_MANY_PAYMENTS"
    case insufficientPayment = "INSUFFICIENT_PAYMENT"
    case changeWithoutCash = "CHANGE_WITHOUT_CASH"
    case paymentDescriptionRequired = "PAYMENT_DESCRIPTION_REQUIRED"
    case discountExceedsPrice = "DISCOUNT_EXCEEDS_PRICE"
    // DGI validation rules (the code in the comment is the DGI's)
    /// 1705: a 04 credit note must reference an invoice.
    case referenceRequired = "REFERENCE_REQUIRED"
    /// 1706: a 06 generic credit note must not reference an FE (and an invoice references nothing).
    case referenceNotAllowed = "REFERENCE_NOT_ALLOWED"
    /// 1712: a credit note may not reference a credit note.
    case referenceToCreditNote = "REFERENCE_TO_CREDIT_NOTE"
    /// 1505: later authorization (contingency) is not allowed for a taxpayer receiver.
    case contingencyForTaxpayer = "CONTINGENCY_FOR_TAXPAYER"
    /// 1506 / 1509: contingency data missing or the reason out of 15-150 characters.
    case contingencyReasonLength = "CONTINGENCY_REASON_LENGTH"
    /// 1507: contingency start later than the issue time.
    case contingencyAfterIssue = "CONTINGENCY_AFTER_ISSUE"
    // CUFE
    case invalidCUFE = "INVALID_CUFE"
    case cufeCheckDigit = "CUFE_CHECK_DIGIT"
    // Offline policy (PRODUCT.md O2-O8)
    case offlineTermsNotAccepted = "OFFLINE_TERMS_NOT_ACCEPTED"
    case offlineBillingMethod = "OFFLINE_BILLING_METHOD"
    case offlineReceiver = "OFFLINE_RECEIVER"
    case offlineDocumentType = "OFFLINE_DOCUMENT_TYPE"
    case offlinePaymentMethod = "OFFLINE_PAYMENT_METHOD"
    case offlineWindowExpired = "OFFLINE_WINDOW_EXPIRED"
    case offlineClockBackwards = "OFFLINE_CLOCK_BACKWARDS"
    case offlineBeforeActivation = "OFFLINE_BEFORE_ACTIVATION"
    case offlineContingencyMismatch = "OFFLINE_CONTINGENCY_MISMATCH"
    case offlineAfterSessionEnd = "OFFLINE_AFTER_SESSION_END"
    // Device identity (the register's key)
    case deviceProofRequired = "DEVICE_PROOF_REQUIRED"
    case deviceProofInvalid = "DEVICE_PROOF_INVALID"
    case deviceProofStale = "DEVICE_PROOF_STALE"
    case deviceNameTaken = "DEVICE_NAME_TAKEN"
    // Signing
    case signingKeyInvalid = "SIGNING_KEY_INVALID"
    case certificateInvalid = "CERTIFICATE_INVALID"
    case keyCertificateMismatch = "KEY_CERTIFICATE_MISMATCH"
    case signatureInvalid = "SIGNATURE_INVALID"
    case invalidXML = "INVALID_XML"
    case pkcs12Invalid = "PKCS12_INVALID"
    case pkcs12Password = "PKCS12_PASSWORD"
}
