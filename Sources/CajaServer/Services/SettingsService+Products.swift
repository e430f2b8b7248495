import CajaCore
import Foundation
import SQLKit

/// Products of a company by its admin: create, change, deactivate.
extension SettingsService {
    func products(of identity: Identity) async throws -> [ProductView] {
        _ = try identity.require(.admin, .supervisor)
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.allProducts(company: identity.companyID, db: db) }
    }

    /// Creates a product (`create`) or changes the name, price and rate of an existing one.
    /// A price change never touches an issued document: documents keep their own lines.
    func save(_ product: Product, creating: Bool, by identity: Identity) async throws -> ProductView {
        _ = try identity.require(.admin)
        try Self.validate(product)
        let view = ProductView(product: product, active: true)
        try await change(by: identity, action: creating ? "product.create" : "product.update", subject: product.code) { db in
            let existing = try await repositories.catalog.product(code: product.code, company: identity.companyID, db: db)
            if creating {
                guard existing == nil else {
                    throw CajaError(.productCodeTaken, field: "code", "product '\(product.code)' exists")
                }
                try await repositories.catalog.insert(product, company: identity.companyID, db: db)
                try await repositories.companies.bumpCatalogVersion(of: identity.companyID, db: db)
            } else {
                guard let existing else { throw CajaError.notFound("product") }
                try await repositories.catalog.update(product, company: identity.companyID, db: db)
                try await repositories.companies.bumpCatalogVersion(of: identity.companyID, db: db)
                var after = existing
                after.product = product
                return (try Self.json(existing), try Self.json(after))
            }
            return (nil, try Self.json(view))
        }
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.product(code: product.code, company: identity.companyID, db: db) }
            .orThrow("product")
    }

    func deactivate(product code: String, by identity: Identity) async throws -> ProductView {
        _ = try identity.require(.admin)
        try await change(by: identity, action: "product.deactivate", subject: code) { db in
            guard let existing = try await repositories.catalog.product(code: code, company: identity.companyID, db: db) else {
                throw CajaError.notFound("product")
            }
            try await repositories.catalog.setActive(false, code: code, company: identity.companyID, db: db)
            try await repositories.companies.bumpCatalogVersion(of: identity.companyID, db: db)
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
    }
}
