import Foundation

extension TillAPI {
    struct PayRequest: Decodable {
        /// "01" (default), "04" (credit note by CUFE) or "06" (generic credit note).
        var document: String?
        /// cash (default), card, debit, transfer or mixed (then `payments`).
        var method: String?
        /// Cash received (cash only); the exact total when absent.
        var cash: String?
        var payments: [PaymentInput]?
        /// Factura completa to a taxpayer (online only, O4/O5).
        var customer: CustomerInput?
        /// CUFE of the invoice a 04 corrects.
        var reference: String?
    }
}
