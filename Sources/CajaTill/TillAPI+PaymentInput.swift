import Foundation

extension TillAPI {
    struct PaymentInput: Decodable {
        /// cash, card (crédito), debit, transfer
        var method: String
        var amount: String
    }
}
