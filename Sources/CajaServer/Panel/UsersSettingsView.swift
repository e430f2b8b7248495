/// *Configuración › Usuarios*: the company's users, each with its points of sale and password
/// forms, and the form for a new one.
struct UsersSettingsView: Sendable {
    struct Row: Sendable {
        var username: String
        var role: String
        var active: Bool
        /// "Todos" or the points the user may log in at.
        var points: String
        var pointOptions: [PointOption]
    }

    /// One point's checkbox in a user's points form.
    struct PointOption: Sendable {
        var code: String
        var checked: Bool
    }

    var users: [Row]
    var roleOptions: [DocumentsView.Option]
    var newUser: String
}
