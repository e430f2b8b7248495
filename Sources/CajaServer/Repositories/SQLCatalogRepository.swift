import CajaCore
import Foundation
import SQLKit

/// ``CatalogRepository`` in SQLKit. The products' search words (`product_words`) are written
/// here with the products, in the same statements' transaction, so they never disagree.
struct SQLCatalogRepository: CatalogRepository {
    private struct ProductRow: Decodable {
        var code: String
        var name: String
        var priceCents: Int64
        var rate: ITBMSRate
        var barcode: String?
        var unit: String?
        var active: Int

        var product: Product {
            Product(code: code, name: name, price: Money(cents: priceCents), rate: rate, barcode: barcode, unit: unit)
        }
        var view: ProductView { ProductView(product: product, active: active != 0) }
    }

    private struct PointRow: Decodable {
        var code: String
        var description: String
        var deactivatedAt: Int64?

        var view: PointView { PointView(code: code, description: description, active: deactivatedAt == nil) }
    }

    private struct CodeRow: Decodable {
        var code: String
    }

    private struct OwnerRow: Decodable {
        var code: String
        var barcode: String
    }

    private struct UnindexedRow: Decodable {
        var companyId: String
        var code: String
        var name: String
        var barcode: String?
    }

    private static let columns = "code, name, price_cents, rate, barcode, unit, active"
    /// Rows per multi-row statement: 9 binds each, far below SQLite's 32,766 and PostgreSQL's 65,535.
    private static let batch = 500

    func insert(point: PointOfSale, description: String, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO points_of_sale (company_id, code, description)
            VALUES (\(bind: company.uuidString), \(bind: point.code), \(bind: description))
            """).run()
    }

    func insert(_ product: Product, company: UUID, version: Int64, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO products (company_id, code, name, price_cents, rate, barcode, unit, changed_version)
            VALUES (\(bind: company.uuidString), \(bind: product.code), \(bind: product.name), \(bind: product.price.cents),
                    \(bind: product.rate.rawValue), \(bind: product.barcode), \(bind: product.unit), \(bind: version))
            """).run()
        try await writeWords(of: [product], company: company.uuidString, replacing: false, db: db)
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
            SELECT \(unsafeRaw: Self.columns) FROM products WHERE company_id = \(bind: company.uuidString) AND active = 1
            ORDER BY code
            """).all().map { try Self.view(of: $0).product }
    }

    /// A product row read column by column: for the registers' whole catalog (50,000 rows, issue
    /// 14, Scale) the row decoder's per-row key conversion costs more than reading the columns.
    private static func view(of row: any SQLRow) throws -> ProductView {
        let rate = try row.decode(column: "rate", as: String.self)
        guard let parsed = ITBMSRate(rawValue: rate) else { throw ServerError.corruptData("a product's rate '\(rate)'") }
        let product = Product(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                              price: Money(cents: try row.decode(column: "price_cents", as: Int64.self)), rate: parsed,
                              barcode: try row.decodeNil(column: "barcode") ? nil : try row.decode(column: "barcode", as: String.self),
                              unit: try row.decodeNil(column: "unit") ? nil : try row.decode(column: "unit", as: String.self))
        return ProductView(product: product, active: try row.decode(column: "active", as: Int.self) != 0)
    }

    func allProducts(company: UUID, db: any SQLDatabase) async throws -> [ProductView] {
        try await db.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM products WHERE company_id = \(bind: company.uuidString) ORDER BY code
            """).rows(ProductRow.self).map(\.view)
    }

    func product(code: String, company: UUID, db: any SQLDatabase) async throws -> ProductView? {
        try await db.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM products WHERE company_id = \(bind: company.uuidString) AND code = \(bind: code)
            """).row(ProductRow.self)?.view
    }

    func update(_ product: Product, company: UUID, version: Int64, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE products SET name = \(bind: product.name), price_cents = \(bind: product.price.cents), rate = \(bind: product.rate.rawValue),
              barcode = \(bind: product.barcode), unit = \(bind: product.unit), changed_version = \(bind: version)
            WHERE company_id = \(bind: company.uuidString) AND code = \(bind: product.code)
            """).run()
        try await writeWords(of: [product], company: company.uuidString, replacing: true, db: db)
    }

    func setActive(_ active: Bool, code: String, company: UUID, version: Int64, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE products SET active = \(bind: active ? 1 : 0), changed_version = \(bind: version)
            WHERE company_id = \(bind: company.uuidString) AND code = \(bind: code)
            """).run()
    }

    func products(company: UUID, changedAfter version: Int64, db: any SQLDatabase) async throws -> [ProductView] {
        try await db.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM products WHERE company_id = \(bind: company.uuidString) AND changed_version > \(bind: version)
            ORDER BY code
            """).all().map(Self.view(of:))
    }

    // MARK: - The settings' list and the import

    func page(company: UUID, words: [String], after: String?, limit: Int, db: any SQLDatabase) async throws -> [ProductView] {
        let id = company.uuidString
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM products WHERE company_id = \(bind: id)"
        if let after { sql += " AND code > \(bind: after)" }
        // The longest word (the rarest, as a rule) picks the candidates by one range on
        // product_words' primary key; each other word is one probe of a candidate's own words
        // (product_words_by_product). Both index-backed, on both databases.
        for (index, word) in words.sorted(by: { $0.count > $1.count }).enumerated() {
            if index == 0 {
                sql += " AND code IN (SELECT code FROM product_words WHERE company_id = \(bind: id) AND word >= \(bind: word)"
            } else {
                sql += """
                     AND EXISTS (SELECT 1 FROM product_words w WHERE w.company_id = products.company_id AND w.code = products.code \
                    AND w.word >= \(bind: word)
                    """
            }
            if let end = SearchWords.successor(of: word) { sql += " AND word < \(bind: end)" }
            sql += ")"
        }
        sql += " ORDER BY code LIMIT \(bind: limit)"
        return try await db.raw(sql).rows(ProductRow.self).map(\.view)
    }

    func upsert(_ products: [Product], company: UUID, version: Int64, db: any SQLDatabase) async throws {
        let id = company.uuidString
        for start in stride(from: 0, to: products.count, by: Self.batch) {
            let slice = products[start..<min(start + Self.batch, products.count)]
            var sql: SQLQueryString = "INSERT INTO products (company_id, code, name, price_cents, rate, barcode, unit, active, changed_version) VALUES "
            for (index, product) in slice.enumerated() {
                if index > 0 { sql += ", " }
                sql += """
                    (\(bind: id), \(bind: product.code), \(bind: product.name), \(bind: product.price.cents), \(bind: product.rate.rawValue), \
                    \(bind: product.barcode), \(bind: product.unit), 1, \(bind: version))
                    """
            }
            sql += """
                 ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, price_cents = excluded.price_cents,
                rate = excluded.rate, barcode = excluded.barcode, unit = excluded.unit, changed_version = excluded.changed_version
                """
            try await db.raw(sql).run()
        }
        try await writeWords(of: products, company: id, replacing: true, db: db)
    }

    func existingCodes(_ codes: [String], company: UUID, db: any SQLDatabase) async throws -> Set<String> {
        var found = Set<String>()
        for start in stride(from: 0, to: codes.count, by: Self.batch) {
            var sql: SQLQueryString = "SELECT code FROM products WHERE company_id = \(bind: company.uuidString) AND code IN "
            sql.appendList(codes[start..<min(start + Self.batch, codes.count)])
            found.formUnion(try await db.raw(sql).rows(CodeRow.self).map(\.code))
        }
        return found
    }

    func barcodeOwners(_ barcodes: [String], company: UUID, db: any SQLDatabase) async throws -> [String: String] {
        var owners: [String: String] = [:]
        for start in stride(from: 0, to: barcodes.count, by: Self.batch) {
            var sql: SQLQueryString = "SELECT code, barcode FROM products WHERE company_id = \(bind: company.uuidString) AND barcode IN "
            sql.appendList(barcodes[start..<min(start + Self.batch, barcodes.count)])
            for row in try await db.raw(sql).rows(OwnerRow.self) { owners[row.barcode] = row.code }
        }
        return owners
    }

    func indexUnindexedProducts(db: any SQLDatabase) async throws -> Int {
        let rows = try await db.raw("""
            SELECT company_id, code, name, barcode FROM products p
            WHERE NOT EXISTS (SELECT 1 FROM product_words w WHERE w.company_id = p.company_id AND w.code = p.code)
            """).rows(UnindexedRow.self)
        for (company, products) in Dictionary(grouping: rows, by: \.companyId) {
            try await writeWords(of: products.map { Product(code: $0.code, name: $0.name, price: .zero, rate: .exempt, barcode: $0.barcode) },
                                 company: company, replacing: false, db: db)
        }
        return rows.count
    }

    /// Writes the search words of `products`, first deleting their old ones when `replacing`.
    private func writeWords(of products: [Product], company: String, replacing: Bool, db: any SQLDatabase) async throws {
        if replacing {
            for start in stride(from: 0, to: products.count, by: Self.batch) {
                var sql: SQLQueryString = "DELETE FROM product_words WHERE company_id = \(bind: company) AND code IN "
                sql.appendList(products[start..<min(start + Self.batch, products.count)].map(\.code))
                try await db.raw(sql).run()
            }
        }
        let rows = products.flatMap { product in
            SearchWords.of(code: product.code, barcode: product.barcode, name: product.name).map { (word: $0, code: product.code) }
        }
        let perStatement = 1_000
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var sql: SQLQueryString = "INSERT INTO product_words (company_id, word, code) VALUES "
            for (index, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                if index > 0 { sql += ", " }
                sql += "(\(bind: company), \(bind: row.word), \(bind: row.code))"
            }
            try await db.raw(sql).run()
        }
    }
}
