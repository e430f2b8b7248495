/// *Configuración › Bitácora*: every change to the settings, newest first, filtered by area,
/// user and dates (a GET form: the filter is in the address, so it can be bookmarked).
struct AuditView: Sendable {
    struct Row: Sendable {
        var at: String
        var actor: String
        var action: String
        var subject: String
        var change: String
    }

    var rows: [Row]
    var areas: [DocumentsView.Option]
    var actor: String
    var from: String
    var to: String
}
