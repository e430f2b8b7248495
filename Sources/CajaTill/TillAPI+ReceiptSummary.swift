import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    struct ReceiptSummary: Encodable {
        var type: String
        var number: Int64
        var date: String
        var total: Money
        var status: String
        var emission: Emission
    }
}
