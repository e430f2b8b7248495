import Foundation

/// `GET /v1/catalog`: everything a register needs to sell offline later — or, asked with
/// `?since=<version>`, only what changed after that version (issue 14, Scale: one price change
/// at 50,000 products is one product on the wire, not 6 MB).
public struct CatalogResponse: Codable, Sendable {
    public var companyID: UUID
    /// The issuer data that goes into every document and its CUFE.
    public var issuer: Issuer
    /// Every active point of sale, in a delta too (the list is short).
    public var pointsOfSale: [String]
    /// Every active product; in a delta, only the active products changed after ``since``.
    public var products: [Product]
    /// The catalog's version, also its `ETag`: a register sends it back as `If-None-Match`
    /// and gets 304 while nothing changed (issue 14, item 3). Absent from older servers.
    public var version: String?
    /// True when this answer holds only the changes after ``since`` (absent: the whole catalog).
    /// A register applies a delta only to the catalog of exactly that version.
    public var delta: Bool?
    /// The version this delta starts from: the `since` that was asked.
    public var since: String?
    /// In a delta, the codes of products taken off the catalog (deactivated) after ``since``.
    public var removed: [String]?

    public init(companyID: UUID, issuer: Issuer, pointsOfSale: [String], products: [Product], version: String? = nil) {
        self.companyID = companyID
        self.issuer = issuer
        self.pointsOfSale = pointsOfSale
        self.products = products
        self.version = version
    }

    /// The changes after `since` (``delta`` true).
    public static func changes(companyID: UUID, issuer: Issuer, pointsOfSale: [String], changed: [Product], removed: [String],
                               since: String, version: String) -> CatalogResponse {
        var answer = CatalogResponse(companyID: companyID, issuer: issuer, pointsOfSale: pointsOfSale, products: changed, version: version)
        answer.delta = true
        answer.since = since
        answer.removed = removed
        return answer
    }

    /// Whether this answer is a delta (``changes(companyID:issuer:pointsOfSale:changed:removed:since:version:)``).
    public var isDelta: Bool { delta == true }
}
