import CajaCore
import Foundation
import SQLKit

/// What a company sells and where: its points of sale (`points_of_sale`) and products (`products`).
protocol CatalogRepository: Sendable {
    func insert(point: PointOfSale, company: UUID, db: any SQLDatabase) async throws
    func insert(_ product: Product, company: UUID, db: any SQLDatabase) async throws
    func pointExists(_ point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> Bool
    func points(company: UUID, db: any SQLDatabase) async throws -> [String]
    /// What the registers sell: the active products.
    func products(company: UUID, db: any SQLDatabase) async throws -> [Product]
    /// Every product, active or not (the settings' list).
    func allProducts(company: UUID, db: any SQLDatabase) async throws -> [ProductView]
    func product(code: String, company: UUID, db: any SQLDatabase) async throws -> ProductView?
    /// Replaces the name, price and rate of an existing product.
    func update(_ product: Product, company: UUID, db: any SQLDatabase) async throws
    func setActive(_ active: Bool, code: String, company: UUID, db: any SQLDatabase) async throws
}
