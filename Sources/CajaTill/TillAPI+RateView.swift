import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    struct RateView: Encodable {
        var percent: Int
        var itbms: Money
    }
}
