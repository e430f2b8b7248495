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
