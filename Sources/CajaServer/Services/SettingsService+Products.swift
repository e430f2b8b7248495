import CajaCore
import Foundation
import SQLKit

/// Products of a company by its admin: list and search, create, change, deactivate, import, export.
extension SettingsService {
    /// The settings' list: page size when none is asked, and the most one page may hold.
    static let productPageSize = (default: 50, maximum: 200)

    /// One page of the company's products in code order, found by `query`'s words (each the
    /// beginning of a word of the code, barcode or name, without case or accents); `after` is the
    /// previous page's `next`. Never reads more than one page from the database.
    func productPage(of identity: Identity, query: String = "", after: String? = nil, limit: Int? = nil) async throws -> ProductPage {
        _ = try identity.require(.admin, .supervisor)
        let limit = limit ?? Self.productPageSize.default
        guard (1...Self.productPageSize.maximum).contains(limit) else {
            throw CajaError.invalidRequest("limit must be 1 to \(Self.productPageSize.maximum)", field: "limit")
        }
        guard query.count <= 200 else { throw CajaError.invalidRequest("q must have at most 200 characters", field: "q") }
        let words = Array(SearchWords.words(query).prefix(8))
        let (catalog, after) = (repositories.catalog, after.flatMap { $0.isEmpty ? nil : $0 })
        let rows = try await database.read { db in
            try await catalog.page(company: identity.companyID, words: words, after: after, limit: limit + 1, db: db)
        }
        let items = Array(rows.prefix(limit))
        return ProductPage(items: items, next: rows.count > limit ? items.last?.product.code : nil)
    }

    /// Creates a product (`create`) or changes every field but the code of an existing one.
    /// A price change never touches an issued document: documents keep their own lines.
    func save(_ product: Product, creating: Bool, by identity: Identity) async throws -> ProductView {
        _ = try identity.require(.admin)
        try Self.validate(product)
        let view = ProductView(product: product, active: true)
        let catalog = repositories.catalog
        do {
            try await change(by: identity, action: creating ? "product.create" : "product.update", subject: product.code) { db in
                let existing = try await catalog.product(code: product.code, company: identity.companyID, db: db)
                if let barcode = product.barcode,
                   let owner = try await catalog.barcodeOwners([barcode], company: identity.companyID, db: db)[barcode], owner != product.code {
                    throw CajaError(.barcodeTaken, field: "barcode", "barcode '\(barcode)' is product '\(owner)''s")
                }
                if creating {
                    guard existing == nil else {
                        throw CajaError(.productCodeTaken, field: "code", "product '\(product.code)' exists")
                    }
                    let version = try await repositories.companies.bumpCatalogVersion(of: identity.companyID, db: db)
                    try await catalog.insert(product, company: identity.companyID, version: version, db: db)
                } else {
                    guard let existing else { throw CajaError.notFound("product") }
                    let version = try await repositories.companies.bumpCatalogVersion(of: identity.companyID, db: db)
                    try await catalog.update(product, company: identity.companyID, version: version, db: db)
                    var after = existing
                    after.product = product
                    return (try Self.json(existing), try Self.json(after))
                }
                return (nil, try Self.json(view))
            }
        } catch where database.isUniqueViolation(error) {
            // Two admins saving at once: the indexes decide, the loser hears why.
            let codeTaken = creating ? (try? await self.product(product.code, of: identity)) != nil : false
            guard let barcode = product.barcode, !codeTaken else {
                throw CajaError(.productCodeTaken, field: "code", "product '\(product.code)' exists")
            }
            throw CajaError(.barcodeTaken, field: "barcode", "barcode '\(barcode)' is taken")
        }
        return try await database.read { db in try await catalog.product(code: product.code, company: identity.companyID, db: db) }
            .orThrow("product")
    }

    func deactivate(product code: String, by identity: Identity) async throws -> ProductView {
        _ = try identity.require(.admin)
        try await change(by: identity, action: "product.deactivate", subject: code) { db in
            guard let existing = try await repositories.catalog.product(code: code, company: identity.companyID, db: db) else {
                throw CajaError.notFound("product")
            }
            let version = try await repositories.companies.bumpCatalogVersion(of: identity.companyID, db: db)
            try await repositories.catalog.setActive(false, code: code, company: identity.companyID, version: version, db: db)
            var after = existing
            after.active = false
            return (try Self.json(existing), try Self.json(after))
        }
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.product(code: code, company: identity.companyID, db: db) }
            .orThrow("product")
    }

    static func validate(_ product: Product) throws(CajaError) {
        try Identifier.check(product.code, field: "code", length: 1...20)
        try Identifier.check(product.name, field: "name", length: 1...100)
        guard product.price.cents >= 0, product.price.cents <= 99_999_999_99 else {
            throw CajaError(.invalidAmount, field: "price", "price must be 0 to 99999999.99")
        }
        if let barcode = product.barcode {
            try Identifier.check(barcode, field: "barcode", length: 1...20)
            guard !barcode.contains(where: \.isWhitespace) else {
                throw CajaError(.invalidText, field: "barcode", "a barcode has no spaces")
            }
        }
        if let unit = product.unit, !UnitOfMeasure.isValid(unit) {
            throw CajaError(.invalidUnit, field: "unit", "unit '\(unit)' is not in the DGI's catalog (FE_UnidadesMedida)")
        }
    }
}

extension SettingsService {
    /// One product of the company, active or not.
    func product(_ code: String, of identity: Identity) async throws -> ProductView? {
        _ = try identity.require(.admin, .supervisor)
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.product(code: code, company: identity.companyID, db: db) }
    }
}
