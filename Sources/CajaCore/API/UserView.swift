/// A user as the settings list it (never the password hash).
public struct UserView: Codable, Sendable, Equatable {
    public var username: String
    public var role: Role
    public var active: Bool
    /// The points of sale the user may log in at with a till; empty means every active point.
    public var points: [String]

    public init(username: String, role: Role, active: Bool, points: [String] = []) {
        self.username = username
        self.role = role
        self.active = active
        self.points = points
    }
}
