import Foundation

/// A product of the catalog.
public struct Product: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    /// Unit price before ITBMS.
    public var price: Money
    public var rate: ITBMSRate

    public init(code: String, name: String, price: Money, rate: ITBMSRate) {
        self.code = code
        self.name = name
        self.price = price
        self.rate = rate
    }
}
