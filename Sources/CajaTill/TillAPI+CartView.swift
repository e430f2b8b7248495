import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    struct CartView: Encodable {
        var lines: [CartLineView]
        var net: Money
        var itbms: Money
        var byRate: [RateView]
        var total: Money
        var count: Int
    }
}
