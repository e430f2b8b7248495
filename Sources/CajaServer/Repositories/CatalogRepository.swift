import CajaCore
import Foundation
import SQLKit

/// What a company sells and where: its points of sale (`points_of_sale`) and products (`products`).
protocol CatalogRepository: Sendable {
    func insert(point: PointOfSale, company: UUID, db: any SQLDatabase) async throws
    func insert(_ product: Product, company: UUID, db: any SQLDatabase) async throws
    func pointExists(_ point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> Bool
    func points(company: UUID, db: any SQLDatabase) async throws -> [String]
    func products(company: UUID, db: any SQLDatabase) async throws -> [Product]
}
