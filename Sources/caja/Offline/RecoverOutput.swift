struct RecoverOutput: Codable {
    var recovered: Int
    var pending: Int
    /// "online", "offline" (the open session came back) or "offline-blocked".
    var mode: String
}
