import CajaCore
import Foundation

/// What a catalog check brought into the store (``Register/updateCatalog(force:)``).
public enum CatalogUpdate: Sendable, Equatable {
    /// Nothing saved: unchanged (304), not asked (offline, or checked a moment ago), or a delta
    /// that did not start at the store's catalog (the next check asks again).
    case unchanged
    /// A whole catalog replaced the store's.
    case whole
    /// The server's changes, applied to the store's catalog: the store's catalog token was
    /// `from` before and is `to` now (``RegisterStore/catalogVersion()``), so whoever built
    /// something from `from` (the till's search index) can apply just these.
    case changes(from: String, to: String, products: [Product], removed: [String])
}
