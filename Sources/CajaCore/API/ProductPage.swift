/// One page of the settings' product list (`GET /v1/admin/products`), in code order.
public struct ProductPage: Codable, Sendable, Equatable {
    public var items: [ProductView]
    /// The `after` of the next page (the last item's code); nil on the last page.
    public var next: String?

    public init(items: [ProductView], next: String?) {
        self.items = items
        self.next = next
    }
}
