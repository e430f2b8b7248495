import CajaCore
import Hummingbird

/// `/v1/admin/devices`: the registers with their blocks, offline sessions and pending
/// documents. Retiring one stays `POST /v1/devices/{id}/retire` (``BlockController``).
extension SettingsController {
    func addDeviceRoutes(to admin: RouterGroup<AppContext>) {
        admin.get("devices") { _, context in JSONResponse(value: try await settings.devices(of: try context.requireIdentity())) }
    }
}
