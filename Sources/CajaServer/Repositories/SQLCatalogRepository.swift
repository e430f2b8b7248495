import CajaCore
import Foundation
import SQLKit

/// ``CatalogRepository`` in SQLKit.
struct SQLCatalogRepository: CatalogRepository {
    private struct ProductRow: Decodable {
        var code: String
        var name: String
        var priceCents: Int64
        var rate: ITBMSRate
        var active: Int

        var product: Product { Product(code: code, name: name, price: Money(cents: priceCents), rate: rate) }
        var view: ProductView { ProductView(product: product, active: active != 0) }
    }

    private struct PointRow: Decodable {
        var code: String
        var description: String
        var deactivatedAt: Int64?

        var view: PointView { PointView(code: code, description: description, active: deactivatedAt == nil) }
    }

    func insert(point: PointOfSale, description: String, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO points_of_sale (company_id, code, description)
            VALUES (\(bind: company.uuidString), \(bind: point.code), \(bind: description))
            """).run()
    }

    func insert(_ product: Product, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO products (company_id, code, name, price_cents, rate)
            VALUES (\(bind: company.uuidString), \(bind: product.code), \(bind: product.name), \(bind: product.price.cents),
                    \(bind: product.rate.rawValue))
            """).run()
    }

    func pointExists(_ point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            SELECT code FROM points_of_sale WHERE company_id = \(bind: company.uuidString) AND code = \(bind: point.code)
            """).first() != nil
    }

    func point(_ point: PointOfSale, company: UUID, db: any SQLDatabase) async throws -> PointView? {
        try await db.raw("""
            SELECT code, description, deactivated_at FROM points_of_sale
            WHERE company_id = \(bind: company.uuidString) AND code = \(bind: point.code)
            """).row(PointRow.self)?.view
    }

    func points(company: UUID, db: any SQLDatabase) async throws -> [String] {
        try await db.raw("""
            SELECT code, description, deactivated_at FROM points_of_sale
            WHERE company_id = \(bind: company.uuidString) AND deactivated_at IS NULL ORDER BY code
            """).rows(PointRow.self).map(\.code)
    }

    func allPoints(company: UUID, db: any SQLDatabase) async throws -> [PointView] {
        try await db.raw("""
            SELECT code, description, deactivated_at FROM points_of_sale WHERE company_id = \(bind: company.uuidString) ORDER BY code
            """).rows(PointRow.self).map(\.view)
    }

    func update(point: PointOfSale, description: String, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE points_of_sale SET description = \(bind: description)
            WHERE company_id = \(bind: company.uuidString) AND code = \(bind: point.code)
            """).run()
    }

    func setDeactivated(_ time: Date?, point: PointOfSale, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE points_of_sale SET deactivated_at = \(bind: time?.millis)
            WHERE company_id = \(bind: company.uuidString) AND code = \(bind: point.code)
            """).run()
    }

    func products(company: UUID, db: any SQLDatabase) async throws -> [Product] {
        try await db.raw("""
            SELECT code, name, price_cents, rate, active FROM products WHERE company_id = \(bind: company.uuidString) AND active = 1
            ORDER BY code
            """).rows(ProductRow.self).map(\.product)
    }

    func allProducts(company: UUID, db: any SQLDatabase) async throws -> [ProductView] {
        try await db.raw("""
            SELECT code, name, price_cents, rate, active FROM products WHERE company_id = \(bind: company.uuidString) ORDER BY code
            """).rows(ProductRow.self).map(\.view)
    }

    func product(code: String, company: UUID, db: any SQLDatabase) async throws -> ProductView? {
        try await db.raw("""
            SELECT code, name, price_cents, rate, active FROM products WHERE company_id = \(bind: company.uuidString) AND code = \(bind: code)
            """).row(ProductRow.self)?.view
    }

    func update(_ product: Product, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE products SET name = \(bind: product.name), price_cents = \(bind: product.price.cents), rate = \(bind: product.rate.rawValue)
            WHERE company_id = \(bind: company.uuidString) AND code = \(bind: product.code)
            """).run()
    }

    func setActive(_ active: Bool, code: String, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE products SET active = \(bind: active ? 1 : 0) WHERE company_id = \(bind: company.uuidString) AND code = \(bind: code)
            """).run()
    }
}
