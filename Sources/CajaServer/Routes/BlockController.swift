import CajaCore
import Foundation
import Hummingbird

/// Number blocks of the calling device, and device retirement.
/// `POST /v1/blocks` reserves one, `GET /v1/blocks` lists the active ones,
/// `POST /v1/blocks/return` closes them (unused numbers become voided ranges),
/// `POST /v1/devices/{id}/retire` (admin) does the same for a lost or replaced device.
struct BlockController {
    let numbering: NumberingService
    let settings: SettingsService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("blocks") { request, context in
            let identity = try context.requireIdentity()
            let body = try await StrictJSON.decode(BlockRequest.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await numbering.reserveBlock(for: identity, request: body))
        }
        group.get("blocks") { _, context in
            let identity = try context.requireIdentity()
            return JSONResponse(value: try await numbering.blocks(for: identity))
        }
        group.post("blocks/return") { _, context in
            let identity = try context.requireIdentity()
            let (device, _) = try identity.requireDevice()
            let voided = try await numbering.closeBlocks(company: identity.companyID, device: device, reason: "returned by the device")
            return JSONResponse(value: ["voidedNumbers": voided])
        }
        group.post("devices/:id/retire") { _, context in
            let identity = try context.requireIdentity()
            let id = try context.parameters.require("id", as: UUID.self)
            return JSONResponse(value: ["voidedNumbers": try await settings.retireDevice(id, by: identity)])
        }
    }
}
