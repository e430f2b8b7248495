import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    struct CartLineView: Encodable {
        var id: UUID
        var code: String
        var description: String
        var quantity: String
        var unitPrice: Money
        var percent: Int
        var net: Money
        var itbms: Money
        var total: Money
    }
}
