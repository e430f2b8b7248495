import CajaCore
import Foundation
import SQLKit

/// What a company sells and where: its points of sale (`points_of_sale`) and products (`products`).
/// Every write of a product stores `version`, the company's `catalog_version` bumped in the same
/// transaction (``CompanyRepository/bumpCatalogVersion(of:db:)``): the delta of `GET /v1/catalog?since=`.
protocol CatalogRepository: Sendable {
    func insert(point: PointOfSale, description: String, company: UUID, db: any SQLDatabase) async throws
    func insert(_ product: Product, company: UUID, version: Int64, db: any SQLDatabase) async throws
    /// Whether the point exists, active or not (a Reporte Z closes a deactivated point's day too).
    func pointExists(_ point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> Bool
    func point(_ point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> PointView?
    /// Where the registers may issue: the active points (the catalog's list).
    func points(company: UUID, db: any SQLDatabase) async throws -> [String]
    /// Every point, active or not (the settings' list, the panel's filters).
    func allPoints(company: UUID, db: any SQLDatabase) async throws -> [PointView]
    func update(point: PointOfSale, description: String, company: UUID, db: any SQLDatabase) async throws
    /// Deactivates the point at `time`, or reactivates it (nil). Its sequences stay as they are.
    func setDeactivated(_ time: Date?, point: PointOfSale, company: UUID, db: any SQLDatabase) async throws
    /// What the registers sell: the active products.
    func products(company: UUID, db: any SQLDatabase) async throws -> [Product]
    /// Every product, active or not (the settings' list).
    func allProducts(company: UUID, db: any SQLDatabase) async throws -> [ProductView]
    func product(code: String, company: UUID, db: any SQLDatabase) async throws -> ProductView?
    /// Replaces the name, price, rate, barcode and unit of an existing product.
    func update(_ product: Product, company: UUID, version: Int64, db: any SQLDatabase) async throws
    func setActive(_ active: Bool, code: String, company: UUID, version: Int64, db: any SQLDatabase) async throws
    /// Every product, active or not, changed under a catalog version after `version`, in code
    /// order: one range of `products_by_change`.
    func products(company: UUID, changedAfter version: Int64, db: any SQLDatabase) async throws -> [ProductView]

    /// Up to `limit` products in code order after `after`, each beginning some word of its code,
    /// barcode or name with every one of `words` (``SearchWords``); all of them when `words` is empty.
    func page(company: UUID, words: [String], after: String?, limit: Int, db: any SQLDatabase) async throws -> [ProductView]
    /// Creates `new` and replaces `changed` by code, many rows a statement (an import), with
    /// their search words; `active` is kept for an existing product and true for a new one.
    func upsert(new: [Product], changed: [Product], company: UUID, version: Int64, db: any SQLDatabase) async throws
    /// The products, active or not, that the company has of `codes`, by code.
    func existing(_ codes: [String], company: UUID, db: any SQLDatabase) async throws -> [String: ProductView]
    /// The product code holding each of `barcodes` that some product holds.
    func barcodeOwners(_ barcodes: [String], company: UUID, db: any SQLDatabase) async throws -> [String: String]
    /// Writes the search words of products stored before there were any (migration 14); answers how many.
    func indexUnindexedProducts(db: any SQLDatabase) async throws -> Int
}
