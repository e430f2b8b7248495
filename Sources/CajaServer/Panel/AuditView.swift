/// *Configuración › Bitácora*: every change to the settings, newest first.
struct AuditView: Sendable {
    struct Row: Sendable {
        var at: String
        var actor: String
        var action: String
        var subject: String
        var change: String
    }

    var rows: [Row]
}
