/// *Configuración* (issue 14): the company's users and products and the audit log; the forms
/// only for an admin (a supervisor reads). A refused form comes back with the message and
/// what was typed (never a password).
struct SettingsView: Sendable {
    struct UserRow: Sendable {
        var username: String
        var role: String
        var active: Bool
    }

    struct ProductRow: Sendable {
        var code: String
        var name: String
        var price: String
        var priceInput: String
        var rate: String
        var rateOptions: [DocumentsView.Option]
        var active: Bool
    }

    struct AuditRow: Sendable {
        var at: String
        var actor: String
        var action: String
        var subject: String
        var change: String
    }

    var admin: Bool
    var notice: String?
    var error: String?
    var users: [UserRow]
    var products: [ProductRow]
    var audit: [AuditRow]
    var roleOptions: [DocumentsView.Option]
    var rateOptions: [DocumentsView.Option]
    var newUser = ""
    var newCode = ""
    var newName = ""
    var newPrice = ""
}
