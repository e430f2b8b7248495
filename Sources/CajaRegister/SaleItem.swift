import CajaCore
import Foundation

/// One item of a sale as typed at the till: `CODE` or `CODE*QTY`.
public struct SaleItem: Sendable, Equatable {
    public var code: String
    public var quantity: Quantity

    public init(code: String, quantity: Quantity) {
        self.code = code
        self.quantity = quantity
    }

    public init(parsing text: String) throws(RegisterError) {
        let parts = text.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else {
            throw RegisterError(.invalidItem, "Recibido: «\(text)».")
        }
        guard let quantity = parts.count == 2 ? Quantity(parts[1]) : Quantity(1), quantity > Quantity(millionths: 0) else {
            throw RegisterError(.invalidQuantity, "Artículo: «\(text)».")
        }
        self.init(code: parts[0], quantity: quantity)
    }
}
