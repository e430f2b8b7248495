import Foundation

extension TillAPI {
    /// `CODE`, `CODE*QTY` or `QTY*CODE` as typed or scanned.
    struct AddRequest: Decodable { var code: String }
}
