import CajaCore
import Foundation
import SQLKit

/// The key of a `z_open` row (a document waiting from a version before Z buckets).
struct ZOpenKey: Sendable, Hashable, Comparable {
    var company: String
    var document: String

    static let first = ZOpenKey(company: "", document: "")

    static func < (lhs: ZOpenKey, rhs: ZOpenKey) -> Bool { (lhs.company, lhs.document) < (rhs.company, rhs.document) }
}
