import CajaCore
import Foundation
import SQLKit

/// Registers (cajas) of a company: the overview, and retirement of a lost or replaced one.
extension SettingsService {
    func devices(of identity: Identity) async throws -> [DeviceView] {
        _ = try identity.require(.admin, .supervisor)
        let sessions = repositories.sessions
        return try await database.read { db in try await sessions.deviceOverviews(company: identity.companyID, db: db) }.map { try $0.view }
    }

    /// Retires a register of the company (`POST /v1/devices/{id}/retire` and the panel): its
    /// logins stop working and its active blocks close, their unused numbers becoming voided
    /// ranges (N2: never reused), in one transaction with the audit entry. Answers how many
    /// numbers were voided; a device of another company is not found.
    func retireDevice(_ device: UUID, by identity: Identity) async throws -> Int {
        _ = try identity.require(.admin)
        let (sessions, numbering, now) = (repositories.sessions, self.numbering, dependencies.clock.now())
        return try await changeAnswering(by: identity, action: "device.retire", subject: device.uuidString) { db in
            guard try await sessions.retire(device: device, company: identity.companyID, at: now, db: db) else {
                throw CajaError.notFound("device")
            }
            let voided = try await numbering.closeBlocks(company: identity.companyID, device: device, reason: "device retired", db: db)
            return (nil, try Self.json(["voidedNumbers": voided]), voided)
        }
    }
}
