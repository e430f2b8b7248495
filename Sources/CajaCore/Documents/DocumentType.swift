/// Fiscal document type (tipo de documento, iDoc). Caja issues these three.
public enum DocumentType: String, Codable, Sendable, CaseIterable {
    /// Factura de operación interna (01).
    case invoice = "01"
    /// Nota de crédito referente a una o varias FE (04): must reference an invoice by CUFE.
    case creditNote = "04"
    /// Nota de crédito genérica (06): must not reference an FE, so it can be issued offline.
    case genericCreditNote = "06"

    public var dgiCode: String { rawValue }

    public var isCreditNote: Bool { self != .invoice }

    /// Nature of the operation (iNatOp): 01 sale for invoices, 11 for credit notes.
    var natureOfOperation: String { isCreditNote ? "11" : "01" }
}

/// How the document was issued (tipo de emisión, iTpEmis).
public enum EmissionType: String, Codable, Sendable {
    /// 01: prior authorization, normal (online).
    case normal = "01"
    /// 04: later authorization, contingency (modo offline). Carries dFechaCont and dMotCont.
    case offlineContingency = "04"

    public var dgiCode: String { rawValue }
}

/// Environment (ambiente, iAmb).
public enum Environment: String, Codable, Sendable {
    case production = "1"
    case test = "2"

    public var dgiCode: String { rawValue }
}

/// The billing method used at the till. Offline only allows the cash-register one (O4).
public enum BillingMethod: String, Codable, Sendable {
    /// Caja registradora: quick sale by product code to a consumidor final.
    case cashRegister = "caja_registradora"
    /// Factura completa: customer data, discounts, several payments.
    case fullInvoice = "factura_completa"
}
