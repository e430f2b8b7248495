import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

/// Configuración's points of sale, the rest of users (password reset, points of a cashier) and
/// registers (issue 14, item 2), over real HTTP on both databases.
@Suite("Settings: points of sale, users' passwords and points, registers")
struct PointsUsersDevicesTests {
    static let empty = Data("{}".utf8)

    @Test("issue 14 item 2: a point is added once (001-999, three digits), described, and in the catalog; a bad or taken code is a 4xx that stores nothing",
          arguments: Backend.allCases)
    func addPoints(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let cashier = try await server.login()
            let version = try await server.catalog(token: cashier).version
            let added = try await server.send(.post, "/v1/admin/points", token: admin, PointRequest(code: "003", description: "Caja rápida"))
            #expect(added.status == .created, "\(added.text)")
            #expect(try added.decode(PointView.self) == PointView(code: "003", description: "Caja rápida", active: true))
            let catalog = try await server.catalog(token: cashier)
            #expect(catalog.pointsOfSale == ["001", "002", "003"])
            #expect(catalog.version != version, "a new point changes the catalog's version")

            let taken = try await server.send(.post, "/v1/admin/points", token: admin, PointRequest(code: "003"))
            #expect(taken.status == .conflict && taken.text.contains("POINT_CODE_TAKEN"), "\(taken.text)")
            for bad in ["000", "1000", "12", "abc", "0 1", ""] {
                let refused = try await server.send(.post, "/v1/admin/points", token: admin, PointRequest(code: bad))
                #expect(refused.status == .unprocessableContent && refused.text.contains("INVALID_POINT_OF_SALE"), "\(bad): \(refused.text)")
            }
            let long = try await server.send(.post, "/v1/admin/points", token: admin, PointRequest(code: "004", description: String(repeating: "x", count: 101)))
            #expect(long.status == .unprocessableContent && long.text.contains("INVALID_TEXT"))
            let points = try await server.request(.get, "/v1/admin/points", token: admin).decode([PointView].self)
            #expect(points.map(\.code) == ["001", "002", "003"], "nothing half-stored")

            let described = try await server.send(.put, "/v1/admin/points/003", token: admin, PointDescription(description: "Caja 3, entrada"))
            #expect(try described.status == .ok && described.decode(PointView.self).description == "Caja 3, entrada")
            #expect(try await server.send(.put, "/v1/admin/points/009", token: admin, PointDescription(description: "x")).status == .notFound)
            let audit = try await server.request(.get, "/v1/admin/audit", token: admin).decode([AuditEntry].self)
            #expect(Set(audit.map(\.action)) == ["point.create", "point.update"])
        }
    }

    @Test("issue 14 item 2, N1/N2: a deactivated point refuses online issue, blocks and logins, still accepts an offline document issued before, and its sequence continues where it was when reactivated",
          arguments: Backend.allCases)
    func deactivatedPoint(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let online = try await server.login(device: "caja-online")
            let first = try await server.issue(Sales.cash(), token: online).decode(DocumentDetail.self).summary.number
            let device = try await OfflineDevice.start(server, device: "caja-fuera", blockSize: 20)
            let offline = try device.document(number: device.grant.block.first)

            let deactivated = try await server.request(.post, "/v1/admin/points/001/deactivate", token: admin, json: Self.empty)
            #expect(try deactivated.status == .ok && deactivated.decode(PointView.self).active == false, "\(deactivated.text)")
            #expect(try await server.request(.post, "/v1/admin/points/001/deactivate", token: admin, json: Self.empty).status == .conflict)
            #expect(try await server.catalog(token: online).pointsOfSale == ["002"], "a deactivated point leaves the catalog")

            let refused = try await server.issue(Sales.cash(), token: online)
            #expect(refused.status == .conflict && refused.text.contains("POINT_INACTIVE"), "\(refused.text)")
            let block = try await server.send(.post, "/v1/blocks", token: online, BlockRequest(type: .invoice, size: 5))
            #expect(block.status == .conflict && block.text.contains("POINT_INACTIVE"))
            let login = try await server.send(.post, "/v1/sessions", token: nil,
                                              TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001",
                                                                              device: "caja-nueva"), at: server.clock.now))
            #expect(login.status == .conflict && login.text.contains("POINT_INACTIVE"), "\(login.text)")

            // The register that went offline before still sends what it issued: nothing is lost.
            let results = try await device.upload([offline])
            #expect(results.map(\.status) == [.accepted] && results[0].flags.isEmpty, "\(results)")

            // The same code again reactivates it; its numbers go on above every number handed out.
            let back = try await server.send(.post, "/v1/admin/points", token: admin, PointRequest(code: "001"))
            #expect(try back.status == .ok && back.decode(PointView.self).active, "\(back.text)")
            let again = try await server.login(device: "caja-online")
            let next = try await server.issue(Sales.cash(), token: again).decode(DocumentDetail.self).summary.number
            #expect(first == device.grant.block.first - 1 && next == device.grant.block.last + 1,
                    "the sequence continued: \(first) then the block then \(next)")
            let audit = try await server.request(.get, "/v1/admin/audit", token: admin).decode([AuditEntry].self)
            #expect(Set(audit.map(\.action)) == ["point.deactivate", "point.reactivate"])
        }
    }

    @Test("issue 14 item 2: a password reset ends the user's sessions at once, the old password fails and the new one works; the audit has no password",
          arguments: Backend.allCases)
    func passwordReset(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let cashier = try await server.login()
            let short = try await server.send(.post, "/v1/admin/users/cajero/password", token: admin, PasswordReset(password: "corta"))
            #expect(short.status == .unprocessableContent && short.text.contains("PASSWORD_TOO_SHORT"))
            #expect(try await server.request(.get, "/v1/catalog", token: cashier).status == .ok, "a refused reset changes nothing")

            let reset = try await server.send(.post, "/v1/admin/users/cajero/password", token: admin, PasswordReset(password: "clave-nueva-del-cajero"))
            #expect(reset.status == .ok, "\(reset.text)")
            #expect(try await server.request(.get, "/v1/catalog", token: cashier).status == .unauthorized, "the session ended at once")
            let old = try await server.send(.post, "/v1/sessions", token: nil,
                                            TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001",
                                                                            device: "caja-test-1"), at: server.clock.now))
            #expect(old.status == .unauthorized && old.text.contains("INVALID_CREDENTIALS"))
            _ = try await server.login("cajero", "clave-nueva-del-cajero")
            #expect(try await server.send(.post, "/v1/admin/users/nadie/password", token: admin,
                                          PasswordReset(password: "una-clave-larga")).status == .notFound)
            let audit = try await server.request(.get, "/v1/admin/audit", token: admin)
            #expect(audit.text.contains("user.password") && !audit.text.contains("clave-nueva-del-cajero"))
        }
    }

    @Test("issue 14 item 2: a cashier limited to 002 cannot log in at 001 (403 POINT_NOT_ALLOWED) and can at 002; an empty list lifts the limit",
          arguments: Backend.allCases)
    func limitedCashier(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let limited = try await server.send(.put, "/v1/admin/users/cajero/points", token: admin, UserPoints(points: ["002", "002"]))
            #expect(try limited.status == .ok && limited.decode(UserView.self).points == ["002"], "\(limited.text)")
            let at001 = try await server.send(.post, "/v1/sessions", token: nil,
                                              TestDevices.sign(SessionRequest(user: "cajero", password: "cajero1234", pointOfSale: "001",
                                                                              device: "caja-test-1"), at: server.clock.now))
            #expect(at001.status == .forbidden && at001.text.contains("POINT_NOT_ALLOWED"), "\(at001.text)")
            _ = try await server.login(point: "002")
            for (points, code) in [(["999"], "UNKNOWN_POINT_OF_SALE"), (["1"], "INVALID_POINT_OF_SALE")] {
                let bad = try await server.send(.put, "/v1/admin/users/cajero/points", token: admin, UserPoints(points: points))
                #expect(bad.status == .unprocessableContent && bad.text.contains(code), "\(bad.text)")
            }
            let users = try await server.request(.get, "/v1/admin/users", token: admin).decode([UserView].self)
            #expect(users.first { $0.username == "cajero" }?.points == ["002"], "a refused change keeps the limit")
            #expect(try await server.send(.put, "/v1/admin/users/cajero/points", token: admin, UserPoints(points: [])).status == .ok)
            _ = try await server.login(point: "001")
        }
    }

    @Test("issue 14 item 2: GET /v1/admin/devices shows a register's point, blocks and use, open offline session and pending documents; last contact is written at most once a minute",
          arguments: Backend.allCases)
    func devices(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let admin = try await server.adminToken()
            let device = try await OfflineDevice.start(server, device: "caja-lista", blockSize: 20)
            let documents = try (0..<2).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            #expect(try await device.upload(documents).map(\.status) == [.accepted, .accepted])
            let seen = server.clock.now
            let list = try await server.request(.get, "/v1/admin/devices", token: admin).decode([DeviceView].self)
            let row = try #require(list.first { $0.name == "caja-lista" })
            #expect(row.point == "001" && row.blocks == 1 && row.blockNumbers == 20 && row.blockNumbersUsed == 2)
            #expect(row.openOfflineSessions == 1 && row.pendingDocuments == 2 && row.quarantinedDocuments == 0 && row.retiredAt == nil)
            #expect(row.lastSeenAt.map { abs($0.timeIntervalSince(seen)) < 1 } == true, "\(String(describing: row.lastSeenAt))")

            server.clock.advance(30)
            _ = try await server.request(.get, "/v1/blocks", token: device.token)
            let within = try await server.request(.get, "/v1/admin/devices", token: admin).decode([DeviceView].self)
            #expect(within.first { $0.name == "caja-lista" }?.lastSeenAt == row.lastSeenAt, "no second write within the minute")
            server.clock.advance(31)
            _ = try await server.request(.get, "/v1/blocks", token: device.token)
            let later = try await server.request(.get, "/v1/admin/devices", token: admin).decode([DeviceView].self)
            #expect(later.first { $0.name == "caja-lista" }?.lastSeenAt.map { $0 > seen.addingTimeInterval(60) } == true)
        }
    }

    @Test("role × route × company for points, users' passwords and points, and registers: a cashier reaches none, a supervisor reads only, another company's admin sees only its own",
          arguments: Backend.allCases)
    func matrix(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let roles = try await RoleTokens.make(server)
            let (cashier, supervisor, other) = (roles.cashier, roles.supervisor, roles.other)
            let deviceID = try #require(try await server.request(.get, "/v1/admin/devices", token: try await server.adminToken())
                .decode([DeviceView].self).first?.id)
            try await roles.expectReadOnly(["/v1/admin/points", "/v1/admin/devices"], on: server)
            func changes(_ token: String?) async throws -> [HTTPResponse.Status] {
                [try await server.send(.post, "/v1/admin/points", token: token, PointRequest(code: "007")).status,
                 try await server.send(.put, "/v1/admin/points/001", token: token, PointDescription(description: "x")).status,
                 try await server.request(.post, "/v1/admin/points/001/deactivate", token: token, json: Self.empty).status,
                 try await server.send(.post, "/v1/admin/users/cajero/password", token: token, PasswordReset(password: "una-clave-larga")).status,
                 try await server.send(.put, "/v1/admin/users/cajero/points", token: token, UserPoints(points: ["002"])).status,
                 try await server.request(.post, "/v1/devices/\(deviceID)/retire", token: token, json: Self.empty).status]
            }
            #expect(try await changes(cashier).allSatisfy { $0 == .forbidden })
            #expect(try await changes(supervisor).allSatisfy { $0 == .forbidden })
            #expect(try await changes(nil).allSatisfy { $0 == .unauthorized })
            // The other company's admin: its own (empty) lists, and the demo's names are not found.
            #expect(try await server.request(.get, "/v1/admin/devices", token: other).decode([DeviceView].self).isEmpty)
            #expect(try !(try await server.request(.get, "/v1/admin/points", token: other).decode([PointView].self)).contains { $0.description == "x" })
            #expect(try await server.send(.post, "/v1/admin/users/cajero/password", token: other, PasswordReset(password: "una-clave-larga"))
                .status == .notFound)
            #expect(try await server.send(.put, "/v1/admin/users/cajero/points", token: other, UserPoints(points: [])).status == .notFound)
            #expect(try await server.request(.post, "/v1/devices/\(deviceID)/retire", token: other, json: Self.empty).status == .notFound)
            #expect(try await server.send(.put, "/v1/admin/points/002", token: other, PointDescription(description: "ajeno")).status == .notFound)
            // Nothing changed: the demo's points, users and register are as they were.
            let admin = try await server.adminToken()
            #expect(try await server.request(.get, "/v1/admin/points", token: admin).decode([PointView].self)
                == [PointView(code: "001", description: "", active: true), PointView(code: "002", description: "", active: true)])
            #expect(try await server.request(.get, "/v1/admin/devices", token: admin).decode([DeviceView].self).allSatisfy { $0.retiredAt == nil })
            #expect(try await server.request(.get, "/v1/admin/audit", token: admin).decode([AuditEntry].self).isEmpty)
            _ = try await server.login()
        }
    }

    @Test("Configuración in the panel: an admin adds, describes, deactivates and reactivates a point, resets a password and limits a cashier; Cajas shows a register's blocks and pending documents and retires it (ticked box) into a voided range; supervisors read",
          arguments: Backend.allCases)
    func panel(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let device = try await OfflineDevice.start(server, device: "caja-panel", blockSize: 20)
            let documents = try (0..<2).map { try device.document(number: device.grant.block.first + Int64($0), after: Double(60 * ($0 + 1))) }
            #expect(try await device.upload(documents).map(\.status) == [.accepted, .accepted])
            let admin = PanelBrowser(server)
            #expect(try await admin.login().status == .seeOther)

            let points = try await admin.get("/panel/configuracion/puntos")
            #expect(points.status == .ok && points.body.contains("Agregar punto"), "\(points.body)")
            let csrf = try #require(PanelBrowser.csrf(in: points.body))
            let bad = try await admin.post("/panel/configuracion/puntos", ["_csrf": csrf, "codigo": "12", "descripcion": "Terraza"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("Terraza") && bad.body.contains("(campo: code)"))
            let added = try await admin.post("/panel/configuracion/puntos", ["_csrf": csrf, "codigo": "005", "descripcion": "Terraza"])
            #expect(added.status == .ok && added.body.contains("Punto 005 agregado.") && added.body.contains("Terraza"))
            let described = try await admin.post("/panel/configuracion/puntos/005", ["_csrf": csrf, "descripcion": "Terraza norte"])
            #expect(described.status == .ok && described.body.contains("Terraza norte"))
            let unticked = try await admin.post("/panel/configuracion/puntos/005/desactivar", ["_csrf": csrf])
            #expect(unticked.status == .badRequest && unticked.body.contains("confirmar"))
            let off = try await admin.post("/panel/configuracion/puntos/005/desactivar", ["_csrf": csrf, "confirmar": "si"])
            #expect(off.status == .ok && off.body.contains("Punto 005 desactivado") && off.body.contains("Reactivar"))
            let on = try await admin.post("/panel/configuracion/puntos",
                                          ["_csrf": csrf, "codigo": "005", "descripcion": "Terraza norte", "reactivar": "si"])
            #expect(on.status == .ok && on.body.contains("Punto 005 reactivado"))

            let cashier = try await server.login()
            let reset = try await admin.post("/panel/configuracion/usuarios/cajero/clave",
                                             ["_csrf": csrf, "clave": "clave-nueva-cajero", "confirmar": "si"])
            #expect(reset.status == .ok && reset.body.contains("Clave de cajero cambiada") && !reset.body.contains("clave-nueva-cajero"))
            #expect(try await server.request(.get, "/v1/catalog", token: cashier).status == .unauthorized)
            let limited = try await admin.post("/panel/configuracion/usuarios/cajero/puntos", ["_csrf": csrf, "punto-002": "si"])
            #expect(limited.status == .ok && limited.body.contains("<td class=\"user-points\">002</td>"), "\(limited.body)")
            let at001 = try await server.send(.post, "/v1/sessions", token: nil,
                                              TestDevices.sign(SessionRequest(user: "cajero", password: "clave-nueva-cajero", pointOfSale: "001",
                                                                              device: "caja-test-1"), at: server.clock.now))
            #expect(at001.status == .forbidden)

            let cajas = try await admin.get("/panel/configuracion/cajas")
            #expect(cajas.status == .ok && cajas.body.contains("caja-panel") && cajas.body.contains("2 de 20 usados"), "\(cajas.body)")
            let id = try #require(try await server.request(.get, "/v1/admin/devices", token: try await server.adminToken())
                .decode([DeviceView].self).first { $0.name == "caja-panel" }).id
            #expect(cajas.body.contains("/panel/configuracion/cajas/\(id.uuidString)/retirar"))
            let unconfirmed = try await admin.post("/panel/configuracion/cajas/\(id.uuidString)/retirar", ["_csrf": csrf, "nombre": "caja-panel"])
            #expect(unconfirmed.status == .badRequest && unconfirmed.body.contains("confirmar"))
            // (The cashier's sessions ended with the password reset above; the device's state is read from the API.)
            func retiredAt() async throws -> Date? {
                try await server.request(.get, "/v1/admin/devices", token: try await server.adminToken()).decode([DeviceView].self)
                    .first { $0.id == id }?.retiredAt
            }
            #expect(try await retiredAt() == nil, "no ticked box, not retired")
            let retired = try await admin.post("/panel/configuracion/cajas/\(id.uuidString)/retirar",
                                               ["_csrf": csrf, "nombre": "caja-panel", "confirmar": "si"])
            #expect(retired.status == .ok && retired.body.contains("Caja caja-panel retirada: 18 números sin usar"), "\(retired.body)")
            #expect(try await retiredAt() != nil)
            #expect(try await admin.get("/panel/configuracion/cajas").body.contains("Retirada"))
            let numbering = try await admin.get("/panel/numeracion")
            let block = device.grant.block
            #expect(numbering.body.contains("\(block.first + 2)–\(block.last)") && numbering.body.contains("device retired"))
            let log = try await admin.get("/panel/configuracion/bitacora")
            for label in ["Punto de facturación agregado", "Punto de facturación descrito", "Punto de facturación desactivado",
                          "Punto de facturación reactivado", "Clave de usuario cambiada", "Puntos de usuario cambiados", "Caja retirada"] {
                #expect(log.body.contains(label), "\(label)")
            }

            let supervisor = PanelBrowser(server)
            #expect(try await supervisor.login("supervisor", "supervisor1234").status == .seeOther)
            for path in ["/panel/configuracion/puntos", "/panel/configuracion/cajas", "/panel/configuracion/usuarios"] {
                let page = try await supervisor.get(path)
                #expect(page.status == .ok && page.body.contains("Solo lectura") && !page.body.contains("action=\"/panel/configuracion/"),
                        "\(path)")
            }
            let token = try #require(PanelBrowser.csrf(in: try await supervisor.get("/panel/configuracion/puntos").body))
            #expect(try await supervisor.post("/panel/configuracion/puntos", ["_csrf": token, "codigo": "006"]).status == .forbidden)
        }
    }
}
