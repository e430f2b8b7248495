import CajaCore
import Foundation

/// What one sale reads of the catalog (``RegisterStore/saleCatalog(codes:)``): the issuer and
/// the products of its lines by code, read from the store in one snapshot — never the whole
/// catalog, however large (issue 16), and never a copy older than the store.
struct SaleCatalog: Sendable {
    let issuer: Issuer
    /// The products of the codes asked that the catalog has.
    let byCode: [String: Product]
}
