import CajaCore
import Foundation
import SQLKit

/// ``CatalogRepository`` in SQLKit. The products' search words (`product_words`) are written
/// here with the products, in the same statements' transaction, so they never disagree.
struct SQLCatalogRepository: CatalogRepository {
    let dialect: DatabaseDialect

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
        let sorted = words.sorted { $0.count > $1.count }
        guard let first = sorted.first else {
            if let after { sql += " AND code > \(bind: after)" }
            sql += " ORDER BY code LIMIT \(bind: limit)"
            return try await db.raw(sql).rows(ProductRow.self).map(\.view)
        }
        // The page's codes come from product_words alone, ordered and limited there: the longest
        // word (the rarest, as a rule) is one range of its primary key, each other word one probe
        // of a candidate's own words (product_words_by_product). The products are then read by
        // primary key, a page of them. With the LIMIT outside, PostgreSQL hashed every candidate
        // of a common word against the products (p99 148 ms over 50,000, issue 14, Scale).
        func range(_ word: String, _ table: String) -> SQLQueryString {
            var range: SQLQueryString = " AND \(unsafeRaw: table).word >= \(bind: word)"
            if let end = SearchWords.successor(of: word) { range += " AND \(unsafeRaw: table).word < \(bind: end)" }
            return range
        }
        sql += " AND code IN (SELECT DISTINCT w.code FROM product_words w WHERE w.company_id = \(bind: id)"
        sql += range(first, "w")
        if let after { sql += " AND w.code > \(bind: after)" }
        for word in sorted.dropFirst() {
            sql += " AND EXISTS (SELECT 1 FROM product_words x WHERE x.company_id = w.company_id AND x.code = w.code"
            sql += range(word, "x")
            sql += ")"
        }
        sql += " ORDER BY w.code LIMIT \(bind: limit)) ORDER BY code"
        return try await db.raw(sql).rows(ProductRow.self).map(\.view)
    }

    func upsert(new: [Product], changed: [Product], company: UUID, version: Int64, db: any SQLDatabase) async throws {
        let id = company.uuidString
        let products = new + changed
        for slice in Self.statements(of: products) {
            let rows = slice.map { product -> [String?] in
                [product.code, product.name, String(product.price.cents), product.rate.rawValue, product.barcode, product.unit]
            }
            // "WHERE true": SQLite's grammar needs it between an INSERT's SELECT and its ON CONFLICT.
            var sql: SQLQueryString = """
                INSERT INTO products (company_id, code, name, price_cents, rate, barcode, unit, active, changed_version)
                SELECT \(bind: id), j.value ->> 0, j.value ->> 1, CAST(j.value ->> 2 AS BIGINT), j.value ->> 3, j.value ->> 4,
                  j.value ->> 5, 1, \(bind: version) FROM
                """
            sql += try jsonTable(rows)
            sql += """
                 WHERE true ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, price_cents = excluded.price_cents,
                rate = excluded.rate, barcode = excluded.barcode, unit = excluded.unit, changed_version = excluded.changed_version
                """
            try await db.raw(sql).run()
        }
        try await deleteWords(of: changed.map(\.code), company: id, db: db)
        try await insertWords(of: products, company: id, db: db)
    }

    func existing(_ codes: [String], company: UUID, db: any SQLDatabase) async throws -> [String: ProductView] {
        var found: [String: ProductView] = [:]
        for slice in Self.statements(of: codes) {
            var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM products WHERE company_id = \(bind: company.uuidString) AND code IN "
            sql += try column(slice)
            for row in try await db.raw(sql).all() {
                let view = try Self.view(of: row)
                found[view.product.code] = view
            }
        }
        return found
    }

    func barcodeOwners(_ barcodes: [String], company: UUID, db: any SQLDatabase) async throws -> [String: String] {
        var owners: [String: String] = [:]
        for slice in Self.statements(of: barcodes) {
            var sql: SQLQueryString = "SELECT code, barcode FROM products WHERE company_id = \(bind: company.uuidString) AND barcode IN "
            sql += try column(slice)
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
        if replacing { try await deleteWords(of: products.map(\.code), company: company, db: db) }
        try await insertWords(of: products, company: company, db: db)
    }

    private func deleteWords(of codes: [String], company: String, db: any SQLDatabase) async throws {
        for slice in Self.statements(of: codes) {
            var sql: SQLQueryString = "DELETE FROM product_words WHERE company_id = \(bind: company) AND code IN "
            sql += try column(slice)
            try await db.raw(sql).run()
        }
    }

    private func insertWords(of products: [Product], company: String, db: any SQLDatabase) async throws {
        let rows = products.flatMap { product in
            SearchWords.of(code: product.code, barcode: product.barcode, name: product.name).map { [$0, product.code] }
        }
        for slice in Self.statements(of: rows) {
            var sql: SQLQueryString = "INSERT INTO product_words (company_id, word, code) SELECT \(bind: company), j.value ->> 0, j.value ->> 1 FROM"
            sql += try jsonTable(Array(slice))
            try await db.raw(sql).run()
        }
    }

    // MARK: - Many rows in one bind

    /// Rows per statement whose rows travel as one JSON bind (``jsonTable(_:)``).
    private static let rowsPerStatement = 5_000

    /// `items` cut into one statement's rows each.
    private static func statements<T>(of items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: rowsPerStatement).map { items[$0..<min($0 + rowsPerStatement, items.count)] }
    }

    /// `values` as a one-column subquery, for `x IN (…)`: one bind however many values.
    private func column(_ values: ArraySlice<String>) throws -> SQLQueryString {
        var sql: SQLQueryString = "(SELECT j.value ->> 0 FROM"
        sql += try jsonTable(values.map { [$0] })
        sql += ")"
        return sql
    }

    /// `rows` as a table `j`, with a space before it, whose `j.value ->> N` is a row's N-th
    /// field (text, or NULL for nil), sent as ONE bind: a JSON array of arrays. A 50,000-product import binds a few hundred
    /// values instead of about 1.5 million — PostgresKit encodes each bind through `Encodable`,
    /// some microseconds apiece, most of that import's 26 s (issue 14, Scale). The one
    /// difference between the databases is the name of the function that reads the array:
    /// SQLite's `json_each` and PostgreSQL's `json_array_elements`, both a table of `value`.
    private func jsonTable(_ rows: [[String?]]) throws -> SQLQueryString {
        let json = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
        switch dialect {
        case .sqlite: return " json_each(\(bind: json)) AS j"
        case .postgres: return " json_array_elements(CAST(\(bind: json) AS json)) AS j(value)"
        }
    }
}
