/// *Configuración › Usuarios*: the company's users, and the form for a new one.
struct UsersSettingsView: Sendable {
    struct Row: Sendable {
        var username: String
        var role: String
        var active: Bool
    }

    var users: [Row]
    var roleOptions: [DocumentsView.Option]
    var newUser: String
}
