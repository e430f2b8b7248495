/// A user as the settings list it (never the password hash).
public struct UserView: Codable, Sendable, Equatable {
    public var username: String
    public var role: Role
    public var active: Bool

    public init(username: String, role: Role, active: Bool) {
        self.username = username
        self.role = role
        self.active = active
    }
}
