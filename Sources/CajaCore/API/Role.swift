/// A user's role in a company.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case supervisor
    case cashier
}
