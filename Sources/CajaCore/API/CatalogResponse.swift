import Foundation

/// `GET /v1/catalog`: everything a register needs to sell offline later.
public struct CatalogResponse: Codable, Sendable {
    public var companyID: UUID
    /// The issuer data that goes into every document and its CUFE.
    public var issuer: Issuer
    public var pointsOfSale: [String]
    public var products: [Product]

    public init(companyID: UUID, issuer: Issuer, pointsOfSale: [String], products: [Product]) {
        self.companyID = companyID
        self.issuer = issuer
        self.pointsOfSale = pointsOfSale
        self.products = products
    }
}
