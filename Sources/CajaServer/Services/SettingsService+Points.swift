import CajaCore
import Foundation
import SQLKit

/// Points of sale (puntos de facturación) by the company's admin: add, describe, deactivate.
///
/// A point is never deleted: its numbers belong to its (company, point, type) sequences, which
/// stay as they are. A deactivated point issues nothing new (online documents, number blocks
/// and device logins there are refused with ``ErrorCode/pointInactive``) and leaves the
/// registers' catalog; documents issued offline there from blocks granted before are still
/// accepted at sync (N1: nothing is lost), and a register logged in there keeps its session to
/// send them. Adding the code of a deactivated point reactivates it: its sequences continue
/// where they were, so no number is reused.
extension SettingsService {
    func points(of identity: Identity) async throws -> [PointView] {
        _ = try identity.require(.admin, .supervisor)
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.allPoints(company: identity.companyID, db: db) }
    }

    /// Adds a point, or reactivates a deactivated one with that code (`created` is false then).
    /// An active point with the code is refused (``ErrorCode/pointCodeTaken``).
    func addPoint(_ request: PointRequest, by identity: Identity) async throws -> (point: PointView, created: Bool) {
        _ = try identity.require(.admin)
        let point = try Self.point(request.code, field: "code")
        try Self.checkDescription(request.description)
        let (catalog, companies, company) = (repositories.catalog, repositories.companies, identity.companyID)
        let existing = try await database.read { db in try await catalog.point(point, company: company, db: db) }
        let action = existing == nil ? "point.create" : "point.reactivate"
        do {
            try await change(by: identity, action: action, subject: point.code) { db in
                let before = try await catalog.point(point, company: company, db: db)
                if let before {
                    guard !before.active else { throw CajaError(.pointCodeTaken, field: "code", "point of sale \(point.code) exists") }
                    try await catalog.setDeactivated(nil, point: point, company: company, db: db)
                    try await catalog.update(point: point, description: request.description, company: company, db: db)
                } else {
                    try await catalog.insert(point: point, description: request.description, company: company, db: db)
                }
                try await companies.bumpCatalogVersion(of: company, db: db)
                return (try before.map { try Self.json($0) }, try Self.json(PointView(code: point.code, description: request.description, active: true)))
            }
        } catch where database.isUniqueViolation(error) {
            throw CajaError(.pointCodeTaken, field: "code", "point of sale \(point.code) exists")
        }
        return (try await self.point(point, of: identity), existing == nil)
    }

    func describePoint(_ code: String, as description: String, by identity: Identity) async throws -> PointView {
        _ = try identity.require(.admin)
        let point = try Self.pathPoint(code)
        try Self.checkDescription(description)
        let (catalog, companies, company) = (repositories.catalog, repositories.companies, identity.companyID)
        try await change(by: identity, action: "point.update", subject: point.code) { db in
            guard var before = try await catalog.point(point, company: company, db: db) else { throw CajaError.notFound("point of sale") }
            try await catalog.update(point: point, description: description, company: company, db: db)
            try await companies.bumpCatalogVersion(of: company, db: db)
            let old = try Self.json(before)
            before.description = description
            return (old, try Self.json(before))
        }
        return try await self.point(point, of: identity)
    }

    /// Deactivates a point: nothing new is issued there; its sequences, blocks and documents stay.
    func deactivatePoint(_ code: String, by identity: Identity) async throws -> PointView {
        _ = try identity.require(.admin)
        let point = try Self.pathPoint(code)
        let (catalog, companies, company, now) = (repositories.catalog, repositories.companies, identity.companyID, dependencies.clock.now())
        try await change(by: identity, action: "point.deactivate", subject: point.code) { db in
            guard var before = try await catalog.point(point, company: company, db: db) else { throw CajaError.notFound("point of sale") }
            guard before.active else { throw AccountService.pointInactive(point) }
            try await catalog.setDeactivated(now, point: point, company: company, db: db)
            try await companies.bumpCatalogVersion(of: company, db: db)
            let old = try Self.json(before)
            before.active = false
            return (old, try Self.json(before))
        }
        return try await self.point(point, of: identity)
    }

    private func point(_ point: PointOfSale, of identity: Identity) async throws -> PointView {
        let catalog = repositories.catalog
        return try await database.read { db in try await catalog.point(point, company: identity.companyID, db: db) }.orThrow("point of sale")
    }

    /// A code in a path that is no point's code names no point (404, like any unknown one).
    private static func pathPoint(_ code: String) throws -> PointOfSale {
        guard let point = try? PointOfSale(code) else { throw CajaError.notFound("point of sale") }
        return point
    }

    /// A point's code as typed, refused under the form's or body's own field name.
    static func point(_ code: String, field: String) throws -> PointOfSale {
        do { return try PointOfSale(code) } catch let error as CajaError { throw CajaError(.invalidPointOfSale, field: field, error.detail) }
    }

    /// Up to 100 characters of plain text; empty is allowed.
    static func checkDescription(_ description: String) throws(CajaError) {
        guard !description.isEmpty else { return }
        try Identifier.check(description, field: "description", length: 1...100)
    }
}
