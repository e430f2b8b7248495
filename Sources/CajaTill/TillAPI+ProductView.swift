import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    package struct ProductView: Encodable {
        var code: String
        var name: String
        var price: Money
        var percent: Int
    }
}
