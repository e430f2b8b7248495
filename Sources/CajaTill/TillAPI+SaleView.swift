import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    struct SaleView: Encodable {
        var document: IssuedDocument
        var title: String
        var receipt: String
        var printed: Bool
        var printError: String?
        var cart: CartView
    }
}
