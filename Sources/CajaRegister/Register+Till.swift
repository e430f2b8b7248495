import CajaCore
import Foundation

extension Register {
    /// A quick sale (caja registradora, consumidor final) paid by any methods: what the till
    /// screen's card, transfer and mixed payments use. The same path as every sale: online the
    /// server numbers it; offline the policy refuses anything but cash (O7).
    public func sell(_ items: [SaleItem], payments: [Payment], alongside: TillValueUpdate? = nil) async throws(RegisterError) -> StoredDocument {
        try await issue(.invoice, items: items, alongside: alongside) { total in payments.isEmpty ? [.cash(total)] : payments }
    }
}
