import CajaCore
import Foundation

/// One line of the open sale: a product code and how many.
struct CartLine: Codable, Sendable, Equatable {
    var id: UUID
    var code: String
    var quantity: Quantity
}
