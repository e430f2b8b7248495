/// `POST /v1/admin/users`: a new user of the caller's company (admin).
public struct UserRequest: Codable, Sendable {
    /// Unique across the server (a login needs no company field).
    public var username: String
    /// 10 to 200 characters.
    public var password: String
    public var role: Role

    public init(username: String, password: String, role: Role) {
        self.username = username
        self.password = password
        self.role = role
    }
}
