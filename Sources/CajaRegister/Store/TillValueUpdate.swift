import CajaCore
import Foundation
import GRDB

/// A change to one of the till's values (``RegisterStore/tillValue(_:_:)``) made in the
/// transaction that stores a sale's document: the till's cart without the lines just sold.
/// So a pay is one durable write instead of two (issue 16), and no crash can leave a sold
/// line in the cart to be sold again.
public struct TillValueUpdate: Sendable {
    let apply: @Sendable (Database) throws -> Void

    /// Replaces the value under `key` with what `change` makes of the value there at that
    /// moment (nil: none; returning nil removes it), so whatever was added meanwhile is kept.
    public static func update<T: Codable & Sendable>(_ type: T.Type, _ key: String,
                                                    _ change: @escaping @Sendable (T?) -> T?) -> TillValueUpdate {
        TillValueUpdate { db in
            let current = try RegisterStore.value(T.self, "till.\(key)", in: db)
            try RegisterStore.setValue(change(current), "till.\(key)", in: db)
        }
    }
}
