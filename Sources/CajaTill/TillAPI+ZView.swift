import CajaCore
import CajaRegister
import Foundation

extension TillAPI {
    struct ZView: Encodable {
        var report: ZReport
        var text: String
        var printed: Bool
        var printError: String?
    }
}
