/// *Configuración › Cajas*: every register with its last contact, blocks, offline sessions and
/// the documents the server still has work with, and a retire form for each one in service.
struct DevicesSettingsView: Sendable {
    struct Row: Sendable {
        var id: String
        var name: String
        var point: String
        var lastSeen: String
        var retired: String?
        var blocks: Int
        var hasBlocks: Bool
        /// "12 de 50 usados", or "—" without blocks.
        var blockUse: String
        var percent: Int
        var openSessions: Int
        var pending: Int
        var rejected: Int
        var quarantined: Int
    }

    var devices: [Row]
    var empty: Bool
}
