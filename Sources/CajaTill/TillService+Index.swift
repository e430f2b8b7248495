import CajaCore
import CajaRegister
import Foundation

extension TillService {
    /// Brings the product index up to the store after a catalog check. A delta from the very
    /// catalog the index was built from is applied to it (issue 14, Scale): only the changed
    /// products' names are folded again, so a price change at 50,000 products keeps the actor
    /// free for the next payment; anything else rebuilds it from the store.
    func apply(_ update: CatalogUpdate) {
        switch update {
        case .unchanged:
            return
        case .whole:
            reindex()
        case .changes(let from, let to, let changed, let removed):
            guard let indexedVersion, indexedVersion == from else { return reindex() }
            searchIndex = Self.applying(changed, removed: removed, to: searchIndex)
            products = Self.byCode(searchIndex.map(\.product))
            self.indexedVersion = to
        }
    }

    /// `index` with the products of `removed` and `changed` taken out and the changed ones
    /// put back in code order (the store's order: its codes' UTF-8 bytes, as SQLite sorts them),
    /// as a rebuild from the store would give it.
    static func applying(_ changed: [Product], removed: [String], to index: [(folded: [UInt8], product: Product)])
        -> [(folded: [UInt8], product: Product)] {
        let touched = Set(changed.map(\.code)).union(removed)
        var result = index.filter { !touched.contains($0.product.code) }
        for product in changed {
            let code = Array(product.code.utf8)
            var low = 0, high = result.count
            while low < high {
                let middle = (low + high) / 2
                if result[middle].product.code.utf8.lexicographicallyPrecedes(code) { low = middle + 1 } else { high = middle }
            }
            result.insert(entry(product), at: low)
        }
        return result
    }
}
