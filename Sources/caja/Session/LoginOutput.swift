import CajaCore
import CajaRegister

struct LoginOutput: Codable {
    var user: String
    var company: String
    var pointOfSale: String
    var device: String
    var server: String
    var blocks: [BlockBalance]
}
