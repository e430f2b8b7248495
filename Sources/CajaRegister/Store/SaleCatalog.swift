import CajaCore
import Foundation

/// The catalog as the store last saved it, decoded once, with its products by code and the
/// version the save wrote beside it (``RegisterStore/currentCatalog()``). A version is a
/// fresh random token per save, so a store erased and filled again never repeats one a
/// cached copy holds; nil for a catalog saved before versions, which is never kept.
struct CachedCatalog: Sendable {
    let version: String?
    let catalog: CatalogResponse
    /// The first product of each code, as a scan finds it.
    let byCode: [String: Product]

    init(version: String?, catalog: CatalogResponse) {
        self.version = version
        self.catalog = catalog
        byCode = Dictionary(catalog.products.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
