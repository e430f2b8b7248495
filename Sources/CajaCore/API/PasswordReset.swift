/// `POST /v1/admin/users/{username}/password`: the new password an admin sets (10-200 characters).
public struct PasswordReset: Codable, Sendable {
    public var password: String

    public init(password: String) { self.password = password }
}

/// `PUT /v1/admin/users/{username}/points`: where the user may log in at a till; empty means
/// every active point.
public struct UserPoints: Codable, Sendable, Equatable {
    public var points: [String]

    public init(points: [String]) { self.points = points }
}
