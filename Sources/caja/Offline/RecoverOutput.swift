import CajaRegister

struct RecoverOutput: Codable {
    var recovered: Int
    var pending: Int
    /// Offline when the open session came back.
    var mode: RegisterMode
}
