extension ErrorCode {
    /// The kind of failure; exhaustive, so a new code cannot ship without one.
    public var kind: ErrorKind {
        switch self {
        case .invalidRequest, .invalidFaults, .invalidJSON, .missingField, .invalidField, .invalidLine, .invalidDocument,
             .invalidCatalogVersion: .malformed
        case .offlineTermsNotAccepted, .offlineBillingMethod, .offlineReceiver, .offlineDocumentType, .offlinePaymentMethod,
             .offlineWindowExpired, .offlineClockBackwards, .offlineBeforeActivation, .offlineContingencyMismatch,
             .offlineAfterSessionEnd, .contingencyForTaxpayer,
             .notLoggedIn, .notADevice, .sessionExpired, .unsentDocuments, .notOffline, .offlineAlreadyActive, .offlineZReport,
             .noNumberBlock, .noNumbersLeft, .serverRefused:
            .refused
        case .unauthorized, .invalidCredentials, .deviceProofInvalid, .deviceProofStale: .unauthenticated
        case .forbidden, .csrf, .deviceRetired, .pointNotAllowed, .simulatorAdminClosed, .forbiddenHost, .setupSecretInvalid: .forbidden
        case .notFound, .lineNotFound, .documentNotFound: .notFound
        case .deviceNameTaken, .tooManyBlocks, .sequenceMissing, .sequenceExhausted, .documentIDReused, .numberConflict,
             .zAlreadyExists, .zFiguresMissing, .paymentInProgress, .setupAlreadyDone, .usernameTaken,
             .lastAdmin, .productCodeTaken, .documentNotSigned, .pointInactive, .pointCodeTaken, .barcodeTaken:
            .conflict
        case .bodyTooLarge, .batchTooLarge: .tooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .loginThrottled: .throttled
        case .serverStopping, .serverUnreachable, .serverUnavailable, .syncIncomplete: .unavailable
        case .internalError, .syncNoResults, .badAnswer, .encodingFailed, .storeUnavailable, .storeError, .storeCorrupt,
             .journalCorrupt, .journalMismatch, .journalUnreadable, .journalUnwritable, .deviceKeyUnreadable, .deviceKeyUnwritable:
            .failure
        case .invalidAmount, .invalidQuantity, .invalidText, .invalidRUC, .invalidBranch, .invalidPointOfSale, .invalidNumber,
             .invalidSecurityCode, .invalidPhone, .noLines, .tooManyLines, .noPayments, .tooManyPayments, .insufficientPayment,
             .changeWithoutCash, .paymentDescriptionRequired, .discountExceedsPrice, .referenceRequired, .referenceNotAllowed,
             .referenceToCreditNote, .contingencyReasonLength, .contingencyAfterIssue, .invalidCUFE, .cufeCheckDigit,
             .deviceProofRequired, .signingKeyInvalid, .certificateInvalid, .keyCertificateMismatch, .signatureInvalid,
             .invalidXML, .pkcs12Invalid, .pkcs12Password, .deviceSessionRequired, .unknownPointOfSale, .invalidBlockSize,
             .unknownOfflineSession, .grantInvalid, .cufeMismatch, .totalsMismatch, .dayNotStarted,
             .invalidArgument, .invalidItem, .unknownProduct, .emptyCart, .invalidPayment, .invalidDocumentType, .invalidCustomer,
             .missingReference, .passwordTooShort, .wrongCheckDigits, .unknownLocation, .invalidEmail,
             .productionNeedsCertificate, .invalidUnit, .importRefused:
            .invalid
        }
    }
}
