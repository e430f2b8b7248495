import CajaCore
import Foundation
import SQLKit

/// A company's settings by its admin (issue 14, item 2): users and products. Every change
/// is written with its audit entry (who, when, what, before and after) in one transaction, so
/// the log never misses a change nor shows one that did not happen. Supervisors read.
struct SettingsService: Sendable {
    let database: any DatabaseDriver
    let repositories: Repositories
    let accounts: AccountService
    let dependencies: Dependencies

    // MARK: - Users

    func users(of identity: Identity) async throws -> [UserView] {
        _ = try identity.require(.admin, .supervisor)
        let companies = repositories.companies
        return try await database.read { db in try await companies.users(company: identity.companyID, db: db) }
            .map { UserView(username: $0.username, role: $0.role, active: $0.disabledAt == nil) }
    }

    func createUser(_ request: UserRequest, by identity: Identity) async throws -> UserView {
        _ = try identity.require(.admin)
        try Identifier.check(request.username, field: "username", length: 1...100)
        try CompanyRegistration.checkPassword(request.password, field: "password")
        let hash = try await accounts.hashPassword(request.password)
        let user = UserEntry(id: dependencies.uuid().uuidString, companyId: identity.companyID.uuidString, username: request.username,
                             passwordHash: hash, role: request.role, disabledAt: nil)
        let view = UserView(username: request.username, role: request.role, active: true)
        let after = try Self.json(view)
        do {
            try await change(by: identity, action: "user.create", subject: request.username, before: nil, after: after) { db in
                guard try await repositories.companies.user(named: request.username, db: db) == nil else {
                    throw CompanyRegistration.nameTaken(request.username, field: "username")
                }
                try await repositories.companies.insert(user, db: db)
            }
        } catch where database.isUniqueViolation(error) {
            throw CompanyRegistration.nameTaken(request.username, field: "username")
        }
        return view
    }

    /// Disables a user of the caller's company and ends its sessions at once. The last active
    /// admin cannot be disabled (the company would have nobody to manage it).
    func disableUser(_ username: String, by identity: Identity) async throws -> UserView {
        _ = try identity.require(.admin)
        try await change(by: identity, action: "user.disable", subject: username) { db in
            let users = try await repositories.companies.users(company: identity.companyID, db: db)
            guard let user = users.first(where: { $0.username == username }) else { throw CajaError.notFound("user") }
            let before = UserView(username: user.username, role: user.role, active: user.disabledAt == nil)
            if user.role == .admin, user.disabledAt == nil, users.filter({ $0.role == .admin && $0.disabledAt == nil }).count <= 1 {
                throw CajaError(.lastAdmin, field: "username", "'\(username)' is the company's last active admin")
            }
            try await repositories.companies.disable(user: user.id, at: dependencies.clock.now(), db: db)
            try await repositories.sessions.closeAll(user: user.id, db: db)
            var after = before
            after.active = false
            return (try Self.json(before), try Self.json(after))
        }
        return try await users(of: identity).first { $0.username == username }.orThrow("user")
    }

    // MARK: - Products

    func products(of identity: Identity) async throws -> [ProductView] {
        _ = try identity.require(.admin, .supervisor)
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.allProducts(company: identity.companyID, db: db) }
    }

    /// Creates a product (`create`) or changes the name, price and rate of an existing one.
    /// A price change never touches an issued document: documents keep their own lines.
    func save(_ product: Product, creating: Bool, by identity: Identity) async throws -> ProductView {
        _ = try identity.require(.admin)
        try Self.validate(product)
        let view = ProductView(product: product, active: true)
        try await change(by: identity, action: creating ? "product.create" : "product.update", subject: product.code) { db in
            let existing = try await repositories.catalog.product(code: product.code, company: identity.companyID, db: db)
            if creating {
                guard existing == nil else {
                    throw CajaError(.productCodeTaken, field: "code", "product '\(product.code)' exists")
                }
                try await repositories.catalog.insert(product, company: identity.companyID, db: db)
            } else {
                guard let existing else { throw CajaError.notFound("product") }
                try await repositories.catalog.update(product, company: identity.companyID, db: db)
                var after = existing
                after.product = product
                return (try Self.json(existing), try Self.json(after))
            }
            return (nil, try Self.json(view))
        }
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.product(code: product.code, company: identity.companyID, db: db) }
            .orThrow("product")
    }

    func deactivate(product code: String, by identity: Identity) async throws -> ProductView {
        _ = try identity.require(.admin)
        try await change(by: identity, action: "product.deactivate", subject: code) { db in
            guard let existing = try await repositories.catalog.product(code: code, company: identity.companyID, db: db) else {
                throw CajaError.notFound("product")
            }
            try await repositories.catalog.setActive(false, code: code, company: identity.companyID, db: db)
            var after = existing
            after.active = false
            return (try Self.json(existing), try Self.json(after))
        }
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.product(code: code, company: identity.companyID, db: db) }
            .orThrow("product")
    }

    static func validate(_ product: Product) throws(CajaError) {
        try Identifier.check(product.code, field: "code", length: 1...20)
        try Identifier.check(product.name, field: "name", length: 1...100)
        guard product.price.cents >= 0, product.price.cents <= 99_999_999_99 else {
            throw CajaError(.invalidAmount, field: "price", "price must be 0 to 99999999.99")
        }
    }

    // MARK: - Audit

    func audit(of identity: Identity, action: String?) async throws -> [AuditEntry] {
        _ = try identity.require(.admin, .supervisor)
        let audit = repositories.audit
        return try await database.read { db in try await audit.entries(company: identity.companyID, action: action, limit: 500, db: db) }
    }

    /// Runs `body` and appends its audit entry in the same transaction. `body` answers the
    /// before and after JSON when it knows them only inside the transaction.
    private func change(by identity: Identity, action: String, subject: String, before: String? = nil, after: String? = nil,
                        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await change(by: identity, action: action, subject: subject) { db in
            try await body(db)
            return (before, after)
        }
    }

    private func change(by identity: Identity, action: String, subject: String,
                        _ body: @escaping @Sendable (any SQLDatabase) async throws -> (String?, String?)) async throws {
        let (now, id, audit) = (dependencies.clock.now(), dependencies.uuid(), repositories.audit)
        try await database.transaction { db in
            let (before, after) = try await body(db)
            try await audit.append(AuditEntry(at: now, actor: identity.username, action: action, subject: subject,
                                              before: before, after: after), id: id, company: identity.companyID, db: db)
        }
    }

    static func json(_ value: some Encodable) throws -> String { String(decoding: try WireJSON.encoder.encode(value), as: UTF8.self) }
}
