import Foundation

extension TillAPI {
    struct CustomerInput: Decodable {
        var ruc: String
        var dv: String
        var name: String
        /// "1" persona natural, "2" persona jurídica (default).
        var kind: String?
    }
}
