import CajaCore
import CajaRegister
import Foundation

/// The open sale at the till, kept in the register's store on every change (a reload or a
/// browser crash loses no line). Lines are codes and quantities; prices come from the
/// catalog when the cart is shown and when it is paid, as `caja sell` does.
struct Cart: Codable, Sendable, Equatable {
    var lines: [CartLine] = []
    static let key = "cart"

    static func load(_ store: RegisterStore) throws -> Cart { try store.tillValue(Cart.self, key) ?? Cart() }

    func save(_ store: RegisterStore) throws { try store.setTillValue(self, Self.key) }

    var items: [SaleItem] { lines.map { SaleItem(code: $0.code, quantity: $0.quantity) } }
}
