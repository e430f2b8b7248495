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
    /// Ends every login of a user (a disabled user is out at once).
    func closeAll(user: String, db: any SQLDatabase) async throws
    func device(key: String, company: UUID, db: any SQLDatabase) async throws -> DeviceEntry?
    func device(named name: String, company: UUID, db: any SQLDatabase) async throws -> DeviceEntry?
    func insert(_ device: DeviceEntry, db: any SQLDatabase) async throws
    func move(device: UUID, to point: PointOfSale, db: any SQLDatabase) async throws
    /// Gives a keyless device its key; false when it already has one (another login enrolled first).
    func enroll(device: UUID, key: String, point: PointOfSale, db: any SQLDatabase) async throws -> Bool
    /// Records the device's last contact at `time` unless one at or after `since` is recorded
    /// (so a busy register writes at most once a minute).
    func touch(device: UUID, at time: Date, unlessSeenSince since: Date, db: any SQLDatabase) async throws
    /// The registers settings list (Configuración › Cajas), newest first, with their blocks'
    /// use, open offline sessions and documents the server still has work with.
    func deviceOverviews(company: UUID, db: any SQLDatabase) async throws -> [DeviceOverview]
    /// Marks the company's device retired; false when it has no such device.
    func retire(device: UUID, company: UUID, at: Date, db: any SQLDatabase) async throws -> Bool
    /// Records an offline session once and answers its end as first told (a register cannot take it back).
    func record(_ session: OfflineSession, company: UUID, device: UUID, receivedAt: Date, db: any SQLDatabase) async throws -> Date?
    /// The newest 200 offline sessions (or one), with their device's name and their documents' counts.
    func offlineSessions(company: UUID, id: UUID?, db: any SQLDatabase) async throws -> [OfflineSessionOverview]
}
