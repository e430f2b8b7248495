/// A product as the settings list it: the catalog's fields and whether registers sell it.
public struct ProductView: Codable, Sendable, Equatable {
    public var product: Product
    /// A deactivated product leaves the registers' catalog; documents that sold it keep it.
    public var active: Bool

    public init(product: Product, active: Bool) {
        self.product = product
        self.active = active
    }
}
