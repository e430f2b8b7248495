import CajaCore
import Foundation
import SQLKit

/// Users of a company by its admin: create, disable and reset a password (each ends the user's
/// sessions at once), and limit a user to some points of sale.
extension SettingsService {
    func users(of identity: Identity) async throws -> [UserView] {
        _ = try identity.require(.admin, .supervisor)
        let companies = repositories.companies
        let (users, points) = try await database.read { db in
            (try await companies.users(company: identity.companyID, db: db), try await companies.userPoints(company: identity.companyID, db: db))
        }
        return users.map { Self.view($0, points: points[$0.id] ?? []) }
    }

    func createUser(_ request: UserRequest, by identity: Identity) async throws -> UserView {
        _ = try identity.require(.admin)
        try Identifier.check(request.username, field: "username", length: 1...100)
        try CompanyRegistration.checkPassword(request.password, field: "password")
        let user = try await accounts.newUser(named: request.username, password: request.password, role: request.role,
                                              company: identity.companyID)
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
            let before = Self.view(user, points: [])
            if user.role == .admin, user.disabledAt == nil, users.filter({ $0.role == .admin && $0.disabledAt == nil }).count <= 1 {
                throw CajaError(.lastAdmin, field: "username", "'\(username)' is the company's last active admin")
            }
            try await repositories.companies.disable(user: user.id, at: dependencies.clock.now(), db: db)
            try await repositories.sessions.closeAll(user: user.id, db: db)
            var after = before
            after.active = false
            return (try Self.json(before), try Self.json(after))
        }
        return try await user(username, of: identity)
    }

    /// Sets a new password an admin chose: the old one stops working and every session of the
    /// user ends at once (the admin's own too, when it is theirs). The audit entry names the
    /// user, never the password.
    func resetPassword(of username: String, to password: String, by identity: Identity) async throws -> UserView {
        _ = try identity.require(.admin)
        try CompanyRegistration.checkPassword(password, field: "password")
        let hash = try await accounts.hashPassword(password)
        try await change(by: identity, action: "user.password", subject: username) { db in
            let user = try await companyUser(username, company: identity.companyID, db: db)
            try await repositories.companies.setPassword(hash: hash, user: user.id, db: db)
            try await repositories.sessions.closeAll(user: user.id, db: db)
            return (nil, nil)
        }
        return try await user(username, of: identity)
    }

    /// Limits where a user may log in at a till to `points` (active points of the company);
    /// empty lifts the limit (every active point). Applies from the user's next login: a
    /// register logged in elsewhere keeps its session, so it can still send what it holds.
    func setPoints(of username: String, to points: [String], by identity: Identity) async throws -> UserView {
        _ = try identity.require(.admin)
        let codes = try Array(Set(points.map { try Self.point($0, field: "points").code })).sorted()
        let after = try Self.json(UserPoints(points: codes))
        try await change(by: identity, action: "user.points", subject: username) { db in
            let user = try await companyUser(username, company: identity.companyID, db: db)
            for code in codes {
                guard try await repositories.catalog.point(try PointOfSale(code), company: identity.companyID, db: db)?.active == true else {
                    throw CajaError(.unknownPointOfSale, field: "points", "point of sale \(code) is not an active point of the company")
                }
            }
            let before = try await repositories.companies.points(ofUser: user.id, db: db)
            try await repositories.companies.setPoints(codes, user: user.id, db: db)
            return (try Self.json(UserPoints(points: before)), after)
        }
        return try await user(username, of: identity)
    }

    private func user(_ username: String, of identity: Identity) async throws -> UserView {
        try await users(of: identity).first { $0.username == username }.orThrow("user")
    }

    /// The user of that name in the company; another company's user is not found.
    private func companyUser(_ username: String, company: UUID, db: any SQLDatabase) async throws -> UserEntry {
        guard let user = try await repositories.companies.user(named: username, db: db), user.companyId == company.uuidString else {
            throw CajaError.notFound("user")
        }
        return user
    }

    private static func view(_ user: UserEntry, points: [String]) -> UserView {
        UserView(username: user.username, role: user.role, active: user.disabledAt == nil, points: points)
    }
}
