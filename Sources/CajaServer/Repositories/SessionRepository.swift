import CajaCore
import Foundation
import SQLKit

/// Who is connected and from where: login sessions (`api_sessions`, by token hash), the
/// registers (`devices`, by key) and their offline sessions (`offline_sessions`).
protocol SessionRepository: Sendable {
    func open(_ session: LoginSession, db: any SQLDatabase) async throws
    /// The session behind a token hash, with its user's name and its device's retirement.
    func session(tokenHash: String, db: any SQLDatabase) async throws -> LoginSession?
    func close(tokenHash: String, db: any SQLDatabase) async throws
    func device(key: String, company: UUID, db: any SQLDatabase) async throws -> DeviceEntry?
    func device(named name: String, company: UUID, db: any SQLDatabase) async throws -> DeviceEntry?
    func insert(_ device: DeviceEntry, db: any SQLDatabase) async throws
    func move(device: UUID, to point: PointOfSale, db: any SQLDatabase) async throws
    /// Gives a keyless device its key; false when it already has one (another login enrolled first).
    func enroll(device: UUID, key: String, point: PointOfSale, db: any SQLDatabase) async throws -> Bool
    /// Marks the company's device retired; false when it has no such device.
    func retire(device: UUID, company: UUID, at: Date, db: any SQLDatabase) async throws -> Bool
    /// Records an offline session once and answers its end as first told (a register cannot take it back).
    func record(_ session: OfflineSession, company: UUID, device: UUID, receivedAt: Date, db: any SQLDatabase) async throws -> Date?
    /// The newest 200 offline sessions (or one), with their device's name and their documents' counts.
    func offlineSessions(company: UUID, id: UUID?, db: any SQLDatabase) async throws -> [OfflineSessionOverview]
}

/// A login: who, in which company and role, and for a register its device and point.
struct LoginSession: Sendable, Decodable {
    var tokenHash: String
    var userId: String
    var companyId: String
    var role: Role
    var deviceId: String?
    var point: String?
    var expiresAt: Int64
    /// Read with the session: the user's name and whether its device was retired.
    var username: String?
    var retiredAt: Int64?
}

/// A register as the server knows it.
struct DeviceEntry: Sendable, Decodable {
    var id: String
    var companyId: String
    var name: String
    var point: String?
    var createdAt: Int64
    var publicKey: String?
    var retiredAt: Int64?
}

/// An offline session as the panel lists it.
struct OfflineSessionOverview: Sendable, Decodable {
    var id: String
    var device: String
    var reason: String
    var acceptedBy: String
    var acceptedAt: Int64
    var termsVersion: String
    var activatedAt: Int64
    var endedAt: Int64?
    var documents: Int
    var lastSynced: Int64?
    var flagged: Int
}
