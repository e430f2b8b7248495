/// Stable machine codes of every error a user or client of Caja can see: the domain's
/// (CajaCore), the server's and the register's. Each has its Spanish message in
/// ``SpanishMessages`` and its ``ErrorKind`` (which HTTP status, which `caja` exit code). The raw values are a contract:
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
    // The DGI simulator's admin knobs (a development tool)
    case invalidFaults = "INVALID_FAULTS"
    case simulatorAdminClosed = "SIMULATOR_ADMIN_CLOSED"
    // Requests (server)
    case invalidRequest = "INVALID_REQUEST"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case bodyTooLarge = "BODY_TOO_LARGE"
    case unauthorized = "UNAUTHORIZED"
    case forbidden = "FORBIDDEN"
    case csrf = "CSRF"
    case notFound = "NOT_FOUND"
    case serverStopping = "SERVER_STOPPING"
    case internalError = "INTERNAL_ERROR"
    // Accounts and devices (server)
    case invalidCredentials = "INVALID_CREDENTIALS"
    case loginThrottled = "LOGIN_THROTTLED"
    case deviceSessionRequired = "DEVICE_SESSION_REQUIRED"
    case deviceRetired = "DEVICE_RETIRED"
    case unknownPointOfSale = "UNKNOWN_POINT_OF_SALE"
    // Setting up a shop (server)
    case setupSecretInvalid = "SETUP_SECRET_INVALID"
    case setupAlreadyDone = "SETUP_ALREADY_DONE"
    case usernameTaken = "USERNAME_TAKEN"
    case passwordTooShort = "PASSWORD_TOO_SHORT"
    case lastAdmin = "LAST_ADMIN"
    case productCodeTaken = "PRODUCT_CODE_TAKEN"
    // Numbering (server, N2)
    case invalidBlockSize = "INVALID_BLOCK_SIZE"
    case tooManyBlocks = "TOO_MANY_BLOCKS"
    case sequenceMissing = "SEQUENCE_MISSING"
    case sequenceExhausted = "SEQUENCE_EXHAUSTED"
    case documentIDReused = "DOCUMENT_ID_REUSED"
    // Sync verdicts (server, N3/N4)
    case batchTooLarge = "BATCH_TOO_LARGE"
    case unknownOfflineSession = "UNKNOWN_OFFLINE_SESSION"
    case grantInvalid = "GRANT_INVALID"
    case cufeMismatch = "CUFE_MISMATCH"
    case totalsMismatch = "TOTALS_MISMATCH"
    case numberConflict = "NUMBER_CONFLICT"
    // Reporte Z (server, O9)
    case dayNotStarted = "DAY_NOT_STARTED"
    case zAlreadyExists = "Z_ALREADY_EXISTS"
    case zFiguresMissing = "Z_FIGURES_MISSING"
    // The register (caja)
    case invalidArgument = "INVALID_ARGUMENT"
    case invalidItem = "INVALID_ITEM"
    case unknownProduct = "UNKNOWN_PRODUCT"
    case notLoggedIn = "NOT_LOGGED_IN"
    case notADevice = "NOT_A_DEVICE"
    case sessionExpired = "SESSION_EXPIRED"
    case unsentDocuments = "UNSENT_DOCUMENTS"
    case notOffline = "NOT_OFFLINE"
    case offlineAlreadyActive = "OFFLINE_ALREADY_ACTIVE"
    case offlineZReport = "OFFLINE_Z_REPORT"
    case noNumberBlock = "NO_NUMBER_BLOCK"
    case noNumbersLeft = "NO_NUMBERS_LEFT"
    case serverUnreachable = "SERVER_UNREACHABLE"
    case serverUnavailable = "SERVER_UNAVAILABLE"
    case syncIncomplete = "SYNC_INCOMPLETE"
    case syncNoResults = "SYNC_NO_RESULTS"
    case badAnswer = "BAD_ANSWER"
    /// The server refused with a code this register does not know (a newer server's).
    case serverRefused = "SERVER_REFUSED"
    case encodingFailed = "ENCODING_FAILED"
    case storeUnavailable = "STORE_UNAVAILABLE"
    case storeError = "STORE_ERROR"
    case storeCorrupt = "STORE_CORRUPT"
    case journalCorrupt = "JOURNAL_CORRUPT"
    case journalMismatch = "JOURNAL_MISMATCH"
    case journalUnreadable = "JOURNAL_UNREADABLE"
    case journalUnwritable = "JOURNAL_UNWRITABLE"
    case deviceKeyUnreadable = "DEVICE_KEY_UNREADABLE"
    case deviceKeyUnwritable = "DEVICE_KEY_UNWRITABLE"
    // The till screen (caja ui)
    case invalidJSON = "INVALID_JSON"
    case missingField = "MISSING_FIELD"
    case invalidField = "INVALID_FIELD"
    case invalidLine = "INVALID_LINE"
    case invalidDocument = "INVALID_DOCUMENT"
    case forbiddenHost = "FORBIDDEN_HOST"
    case lineNotFound = "LINE_NOT_FOUND"
    case documentNotFound = "DOCUMENT_NOT_FOUND"
    case paymentInProgress = "PAYMENT_IN_PROGRESS"
    case emptyCart = "EMPTY_CART"
    case invalidPayment = "INVALID_PAYMENT"
    case invalidDocumentType = "INVALID_DOCUMENT_TYPE"
    case invalidCustomer = "INVALID_CUSTOMER"
    case missingReference = "MISSING_REFERENCE"
    // Configuración › Empresa and Certificado (issue 14, item 2)
    /// The DV is not the DGI's check digits of the RUC.
    case wrongCheckDigits = "WRONG_DV"
    /// A location code that is not in the DGI's ubicaciones catalog.
    case unknownLocation = "UNKNOWN_LOCATION"
    case invalidEmail = "INVALID_EMAIL"
    /// Production needs the company's own certificate (not the one Caja generated).
    case productionNeedsCertificate = "PRODUCTION_NEEDS_CERTIFICATE"
    /// The document is stored and checked but the DGI queue has not signed it yet (issue 16, 2).
    case documentNotSigned = "DOCUMENT_NOT_SIGNED"
    // Points of sale and who may use them (issue 14, item 2)
    case pointInactive = "POINT_INACTIVE"
    case pointNotAllowed = "POINT_NOT_ALLOWED"
    case pointCodeTaken = "POINT_CODE_TAKEN"
    // Products (issue 14)
    case invalidUnit = "INVALID_UNIT"
    case barcodeTaken = "BARCODE_TAKEN"
    /// A CSV import with refused rows: nothing was stored; the answer lists each row's errors.
    case importRefused = "IMPORT_REFUSED"
    /// `GET /v1/catalog?since=` with a value that is not a catalog version (issue 14, Scale).
    case invalidCatalogVersion = "INVALID_CATALOG_VERSION"
}
