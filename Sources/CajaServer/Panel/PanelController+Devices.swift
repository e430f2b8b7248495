import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Cajas* (issue 14): the registers, and retiring a lost or replaced one (its
/// unused numbers become voided ranges, as `POST /v1/devices/{id}/retire` does).
extension PanelController {
    func devicesPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        let devices = try await settings.devices(of: try context.requireIdentity())
        let view = DevicesSettingsView(devices: devices.map { device in
            .init(id: device.id.uuidString, name: device.name, point: device.point ?? "—",
                  lastSeen: device.lastSeenAt.map(PanelFormat.dateTime) ?? "—", retired: device.retiredAt.map(PanelFormat.dateTime),
                  blocks: device.blocks, hasBlocks: device.blocks > 0,
                  blockUse: device.blocks == 0 ? "—" : "\(device.blockNumbersUsed) de \(device.blockNumbers) usados",
                  percent: device.blockNumbers == 0 ? 0 : Int(device.blockNumbersUsed * 100 / device.blockNumbers),
                  openSessions: device.openOfflineSessions, pending: device.pendingDocuments, rejected: device.rejectedDocuments,
                  quarantined: device.quarantinedDocuments)
        }, empty: devices.isEmpty)
        return try settingsPage("Cajas", "/panel/configuracion/cajas", context, outcome, view)
    }

    func addDeviceSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/cajas") { _, context in try await guarded(context) { try await devicesPage(context) } }
        panel.post("configuracion/cajas/:id/retirar") { request, context in
            try await guarded(context) {
                guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw CajaError.notFound("device") }
                let form = try await PanelSession.form(request)
                let name = Self.text(form["nombre"])
                var voided = 0
                return try await settingsForm(form, context, done: "Caja \(name) retirada: \(voided) números sin usar quedaron anulados (véalos en Numeración).",
                                              page: devicesPage) { form, identity in
                    try Self.requireConfirmation(form)
                    voided = try await settings.retireDevice(id, by: identity)
                }
            }
        }
    }
}
