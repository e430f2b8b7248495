import CajaCore
import Foundation

extension Register {
    /// Brings the server's catalog (products, prices, points of sale, the issuer's data) when
    /// its version changed since the one saved (issue 14, item 3): one `If-None-Match` request,
    /// a 304 while nothing changed, and otherwise only the products changed since (issue 14,
    /// Scale: a price change at 50,000 products is one row on the wire and in the store). Asked at most once per ``RegisterConfiguration/catalogCheckInterval``
    /// (the time of the last check is in the store) unless `force`; every online contact calls
    /// it (the end of each sync, so each online sale too, and the till's probe). In modo
    /// offline it asks nothing: the till sells at the catalog it has, and the server keeps such a sale at
    /// its own lines' prices (N4 recomputes totals from the document, not from the catalog).
    /// Answers whether a new catalog was saved.
    @discardableResult
    public func refreshCatalog(force: Bool = false) async throws(RegisterError) -> Bool {
        try await updateCatalog(force: force) != .unchanged
    }

    /// ``refreshCatalog(force:)``, answering what changed in the store (the till applies a
    /// delta to its index instead of rebuilding it).
    public func updateCatalog(force: Bool = false) async throws(RegisterError) -> CatalogUpdate {
        let login = try requireLogin()
        // In modo offline the register sells at the catalog it has, until the session ends.
        if try run({ try store.activeSession() }) != nil { return .unchanged }
        let current = now
        if !force, let checked = try run({ try store.catalogCheckedAt() }), checked <= current,
           current.timeIntervalSince(checked) < configuration.catalogCheckInterval {
            return .unchanged
        }
        let known = try run { try store.catalogHeader()?.version }
        let fresh = try await client(login).catalog(since: known)
        return try run { try store.saveCatalogCheck(fresh, at: current) }
    }
}
