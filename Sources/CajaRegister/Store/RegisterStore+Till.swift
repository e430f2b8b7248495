import CajaCore
import Foundation
import GRDB

extension RegisterStore {
    /// A value the till screen (`caja ui`) keeps in the register's store, beside the register's
    /// own state: the open cart, the last successful contact with the server, the boot-clock
    /// anchor of an offline session. Keys are namespaced `till.` so they never meet the
    /// register's. Each write is one transaction (synchronous=FULL), so a reload or a crash of
    /// the browser or the till process loses nothing written.
    public func tillValue<T: Codable & Sendable>(_ type: T.Type, _ key: String) throws -> T? {
        try read { try Self.value(T.self, "till.\(key)", in: $0) }
    }

    /// Stores (or, with nil, removes) a value of the till screen; see ``tillValue(_:_:)``. The
    /// register's own state is not touched, so what the store keeps decoded stays.
    public func setTillValue<T: Codable & Sendable>(_ value: T?, _ key: String) throws {
        try write(keepingCache: { _ in }) { try Self.setValue(value, "till.\(key)", in: $0) }
    }
}
