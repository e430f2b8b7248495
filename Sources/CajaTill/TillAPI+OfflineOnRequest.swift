import Foundation

extension TillAPI {
    struct OfflineOnRequest: Decodable {
        var reason: String
        /// The cashier ticked "Acepto las condiciones" (O2).
        var accept: Bool?
    }
}
