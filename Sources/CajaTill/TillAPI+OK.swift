import Foundation

extension TillAPI {
    struct OK: Encodable { var ok = true }
}
