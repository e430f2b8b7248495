import CajaCore
import Foundation
import SQLKit

/// Users of a company by its admin: create, disable (its sessions end at once).
extension SettingsService {
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
}
