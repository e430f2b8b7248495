import CajaCore
import Foundation
import SQLKit

/// The products' CSV import and export (issue 14, item 2).
extension SettingsService {
    /// Creates or replaces by code every product of `csv`, all or none: a file with any bad row
    /// stores nothing and throws ``ProductImportRefusal`` with every row's problems. One
    /// transaction, multi-row statements, one audit entry (`product.import`, the counts in its
    /// `after`) and one catalog version, however many rows — none when no row changes anything.
    func importProducts(csv: String, by identity: Identity) async throws -> ProductImportResult {
        _ = try identity.require(.admin)
        let rows: [(row: Int, product: Product)]
        switch ProductCSV.read(csv) {
        case .success(let read): rows = read
        case .failure(let refusal): throw refusal
        }
        let products = rows.map(\.product)
        let (catalog, companies) = (repositories.catalog, repositories.companies)
        let company = identity.companyID
        let counts = Counts()
        do {
            try await change(by: identity, action: "product.import", subject: "\(products.count) productos") { db in
                let existing = try await catalog.existing(products.map(\.code), company: company, db: db)
                let owners = try await catalog.barcodeOwners(products.compactMap(\.barcode), company: company, db: db)
                let fileCodes = Set(products.map(\.code))
                let clashes = rows.compactMap { row -> ProductImportProblem? in
                    // A barcode of another product, unless this file gives that product another one.
                    guard let barcode = row.product.barcode, let owner = owners[barcode], owner != row.product.code,
                          !fileCodes.contains(owner) else { return nil }
                    return ProductImportProblem(row: row.row, column: ProductCSV.Column.barcode.rawValue,
                                                message: "El código de barras \(barcode) ya es del producto \(owner).")
                }
                guard clashes.isEmpty else { throw ProductImportRefusal(Array(clashes.prefix(ProductCSV.maxProblems))) }
                // A row equal to its stored product is not written again: its version, and so the
                // registers' next delta, stay as they were.
                let new = products.filter { existing[$0.code] == nil }
                let changed = products.filter { product in existing[product.code].map { $0.product != product } ?? false }
                let result = ProductImportResult(created: new.count, updated: changed.count,
                                                 unchanged: products.count - new.count - changed.count)
                if !new.isEmpty || !changed.isEmpty {
                    let version = try await companies.bumpCatalogVersion(of: company, db: db)
                    try await catalog.upsert(new: new, changed: changed, company: company, version: version, db: db)
                }
                counts.set(result)
                return (nil, try Self.json(result))
            }
        } catch where database.isUniqueViolation(error) {
            throw ProductImportRefusal([ProductImportProblem(row: 1, column: ProductCSV.Column.barcode.rawValue,
                message: "Dos productos quedarían con el mismo código de barras: revise la columna codigo_barras.")])
        }
        return counts.result
    }

    /// Every product of the company (deactivated ones too) as CSV that ``importProducts(csv:by:)`` reads back.
    func exportProducts(of identity: Identity) async throws -> String {
        _ = try identity.require(.admin, .supervisor)
        // The file is the whole catalog anyway: one query, not a page at a time.
        let catalog = repositories.catalog
        let products = try await database.read { db in try await catalog.allProducts(company: identity.companyID, db: db) }
            .map(\.product)
        return ProductCSV.write(products)
    }

    /// The import's counts, set inside the transaction's closure.
    private final class Counts: @unchecked Sendable {
        // Safe: written once inside the transaction, read after it returned; never concurrently.
        var result = ProductImportResult(created: 0, updated: 0, unchanged: 0)
        func set(_ value: ProductImportResult) { result = value }
    }
}
