import Foundation

/// `GET /v1/catalog`: everything a register needs to sell offline later.
public struct CatalogResponse: Codable, Sendable {
    public var companyID: UUID
    /// The issuer data that goes into every document and its CUFE.
    public var issuer: Issuer
    public var pointsOfSale: [String]
    public var products: [Product]
    /// The catalog's version, also its `ETag`: a register sends it back as `If-None-Match`
    /// and gets 304 while nothing changed (issue 14, item 3). Absent from older servers.
    public var version: String?

    public init(companyID: UUID, issuer: Issuer, pointsOfSale: [String], products: [Product], version: String? = nil) {
        self.companyID = companyID
        self.issuer = issuer
        self.pointsOfSale = pointsOfSale
        self.products = products
        self.version = version
    }
}
