import CajaCore

/// What a new company needs: its issuer data, points of sale, products and first users.
public struct CompanySetup: Sendable {
    public var name: String
    public var issuer: Issuer
    public var pointsOfSale: [String]
    public var products: [Product]
    /// (username, password, role)
    public var users: [(String, String, Role)]

    public init(name: String, issuer: Issuer, pointsOfSale: [String], products: [Product], users: [(String, String, Role)]) {
        self.name = name
        self.issuer = issuer
        self.pointsOfSale = pointsOfSale
        self.products = products
        self.users = users
    }
}
