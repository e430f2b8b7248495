import Foundation

/// One change in a company's audit log (bitácora): who, when, what, before and after.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var at: Date
    public var actor: String
    /// `user.create`, `user.disable`, `product.create`, `product.update`, `product.deactivate`.
    public var action: String
    /// What changed: a user name, a product code.
    public var subject: String
    /// The JSON of the thing before and after the change (nil where it did not exist).
    public var before: String?
    public var after: String?

    public init(at: Date, actor: String, action: String, subject: String, before: String?, after: String?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
    }
}
