import CajaCore
import Foundation
import GRDB

/// The catalog in the store (issue 14, Scale): its products one row each in `catalog_products`,
/// and the rest of it — company, issuer, points of sale, the server's version — as one small
/// value (`catalogHeader`). A delta from the server changes only its own rows, in the same
/// transaction as the header that names its version, so the version saved always describes
/// the products saved; a sale reads only the rows of its own lines.
extension RegisterStore {
    static let catalogHeaderKey = "catalogHeader"
    static let catalogVersionKey = "catalogVersion"
    static let catalogCheckedKey = "catalogCheckedAt"

    // MARK: - Reading

    /// The whole catalog (header and every product, in code order): the till's index, `caja
    /// catalog`, the journal's snapshot. A sale does not need it (``saleCatalog(codes:)``).
    public func catalog() throws -> CatalogResponse? { try read { try Self.storedCatalog(in: $0) } }

    /// The catalog without its products: issuer, points of sale, company and the server's
    /// version. One short row.
    public func catalogHeader() throws -> CatalogResponse? { try read { try Self.header(in: $0) } }

    /// The issuer and the products of `codes`, read together (one snapshot of the store): what
    /// one sale needs, however large the catalog (issue 16: a sale never decodes the catalog).
    /// Every read is of the store as it is now, so a price a save or a delta just wrote is the
    /// one sold, by this process or another on the same home.
    func saleCatalog(codes: [String]) throws -> SaleCatalog? {
        try read { db in
            guard let header = try cachedHeader(in: db) else { return nil }
            return SaleCatalog(issuer: header.issuer, byCode: try Self.products(codes, in: db))
        }
    }

    /// The products of `codes` that the catalog has, by code.
    static func products(_ codes: [String], in db: Database) throws -> [String: Product] {
        var byCode: [String: Product] = [:]
        let statement = try db.cachedStatement(sql: "SELECT \(productColumns) FROM catalog_products WHERE code = ?")
        for code in Set(codes) {
            if let row = try Row.fetchOne(statement, arguments: [code]) { byCode[code] = try product(row) }
        }
        return byCode
    }

    /// A token that changes with every catalog saved or changed; nil before the first save
    /// that wrote one. The till rebuilds its index when it moves.
    public func catalogVersion() throws -> String? { try read { try Self.value(String.self, Self.catalogVersionKey, in: $0) } }

    /// When the register last asked the server whether the catalog changed.
    func catalogCheckedAt() throws -> Date? { try read { try Self.value(Date.self, Self.catalogCheckedKey, in: $0) } }

    static func header(in db: Database) throws -> CatalogResponse? { try value(CatalogResponse.self, catalogHeaderKey, in: db) }

    /// ``header(in:)``, decoded only when its stored text is not the one decoded last
    /// (``StoreCache/header``): the text is the key, so a header another process saved is
    /// decoded anew, and an unchanged one is never decoded twice (issue 16, item 1).
    func cachedHeader(in db: Database) throws -> CatalogResponse? {
        guard let text = try Self.storedText(Self.catalogHeaderKey, in: db) else { return nil }
        if let kept = cache.withLock({ $0.header?.text == text ? $0.header?.value : nil }) { return kept }
        let header = try WireJSON.decoder.decode(CatalogResponse.self, from: Data(text.utf8))
        cache.withLock { $0.header = (text, header) }
        return header
    }

    static func hasCatalog(in db: Database) throws -> Bool { try header(in: db) != nil }

    static func storedCatalog(in db: Database) throws -> CatalogResponse? {
        guard var catalog = try header(in: db) else { return nil }
        let rows = try Row.fetchCursor(db, sql: "SELECT \(productColumns) FROM catalog_products ORDER BY code")
        while let row = try rows.next() { catalog.products.append(try product(row)) }
        return catalog
    }

    static let productColumns = "code, name, price_cents, rate, barcode, unit"

    static func product(_ row: Row) throws -> Product {
        let rate: String = row["rate"]
        guard let parsed = ITBMSRate(rawValue: rate) else {
            throw RegisterError(.storeCorrupt, "Tiene un producto con una tasa de ITBMS desconocida («\(rate)»).")
        }
        return Product(code: row["code"], name: row["name"], price: Money(cents: row["price_cents"]), rate: parsed,
                       barcode: row["barcode"], unit: row["unit"])
    }

    // MARK: - Writing

    /// Replaces the whole catalog under a new token, inside the caller's transaction. A code
    /// listed twice keeps its first product, as a scan finds it.
    static func setCatalog(_ catalog: CatalogResponse, in db: Database) throws {
        try db.execute(sql: "DELETE FROM catalog_products")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO catalog_products (\(productColumns)) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING
            """)
        for product in catalog.products { try insert.execute(arguments: arguments(product)) }
        try setHeader(catalog, in: db)
    }

    /// Applies a delta to the catalog of the version it starts from, inside the caller's
    /// transaction: the changed rows upserted, the removed ones deleted, the header (with the
    /// new version) replaced. False, and nothing written, when the store's catalog is not of
    /// that version (another process saved another one meanwhile): the next check asks again.
    static func applyCatalogChanges(_ delta: CatalogResponse, in db: Database) throws -> Bool {
        guard let header = try header(in: db), let since = delta.since, header.version == since,
              header.companyID == delta.companyID else { return false }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO catalog_products (\(productColumns)) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, price_cents = excluded.price_cents, rate = excluded.rate,
              barcode = excluded.barcode, unit = excluded.unit
            """)
        for product in delta.products { try upsert.execute(arguments: arguments(product)) }
        let delete = try db.cachedStatement(sql: "DELETE FROM catalog_products WHERE code = ?")
        for code in delta.removed ?? [] { try delete.execute(arguments: [code]) }
        try setHeader(delta, in: db)
        return true
    }

    /// The header of `catalog` (everything but its products and delta fields) and a new token.
    private static func setHeader(_ catalog: CatalogResponse, in db: Database) throws {
        let header = CatalogResponse(companyID: catalog.companyID, issuer: catalog.issuer, pointsOfSale: catalog.pointsOfSale,
                                     products: [], version: catalog.version)
        try setValue(header, catalogHeaderKey, in: db)
        try setValue(UUID().uuidString, catalogVersionKey, in: db)
    }

    private static func arguments(_ product: Product) -> StatementArguments {
        [product.code, product.name, product.price.cents, product.rate.rawValue, product.barcode, product.unit]
    }

    /// Records a check of the server's catalog at `at` and stores what it brought, in one
    /// transaction. A whole catalog replaces the store's and is written to the journal's
    /// snapshot (which carries the catalog for a recovery). A delta changes only its rows and
    /// leaves the snapshot as it is: the snapshot is rewritten from the store whenever an
    /// offline session starts (and at every block top-up), so the catalog an offline session
    /// sells from — the one `caja recover` must bring back mid-outage — is always in it, and a
    /// price change costs the size of the change, not a 6 MB file. A delta that does not start
    /// at the store's version is not applied and not recorded as a check.
    func saveCatalogCheck(_ answer: CatalogResponse?, at: Date) throws -> CatalogUpdate {
        try write { db in
            guard let answer else {
                try Self.setValue(at, Self.catalogCheckedKey, in: db)
                return .unchanged
            }
            guard answer.isDelta else {
                try Self.setValue(at, Self.catalogCheckedKey, in: db)
                try Self.setCatalog(answer, in: db)
                try writeSnapshot(in: db)
                return .whole
            }
            let from = try Self.value(String.self, Self.catalogVersionKey, in: db)
            guard try Self.applyCatalogChanges(answer, in: db), let from,
                  let to = try Self.value(String.self, Self.catalogVersionKey, in: db) else { return .unchanged }
            try Self.setValue(at, Self.catalogCheckedKey, in: db)
            return .changes(from: from, to: to, products: answer.products, removed: answer.removed ?? [])
        }
    }

    // MARK: - The products' table

    /// The register store's migration that gives the catalog its table, moving a catalog saved
    /// as one value (before issue 14, Scale) into it.
    static func migrateCatalogToTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE catalog_products (
                code TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL, rate TEXT NOT NULL,
                barcode TEXT, unit TEXT) WITHOUT ROWID
            """)
        if let old = try value(CatalogResponse.self, "catalog", in: db) {
            try setCatalog(old, in: db)
            try db.execute(sql: "DELETE FROM state WHERE key = 'catalog'")
        }
    }
}
