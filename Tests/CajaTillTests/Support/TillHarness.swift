import CajaRegister
import CajaTill
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A till over a register home in a temp dir, with the test's wall and boot clocks, quick
/// retries and generous timeouts (a busy machine answers late; these tests prove outcomes).
struct TillHarness: Sendable {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("caja-till-home-\(UUID().uuidString)")
    let clock: WallClock
    let boot = FakeBootClock()
    var printer: PrinterDestination?
    var drawer = false

    init(clock: WallClock) { self.clock = clock }

    var configuration: TillConfiguration {
        var register = RegisterConfiguration(home: home, journalDirectory: home.appendingPathComponent("journal"))
        let clock = self.clock
        register.clock = { clock.now }
        register.syncAttempts = 2
        register.retryBase = .milliseconds(20)
        register.requestTimeout = .seconds(60)
        var configuration = TillConfiguration(register: register)
        configuration.port = 0
        configuration.printer = printer
        configuration.drawer = drawer
        configuration.printTimeout = .seconds(20)
        configuration.bootClock = boot
        configuration.deviceName = "caja-till-test"
        return configuration
    }

    /// Runs `body` against a fresh till process over this home (the router in memory; the
    /// caja-server it talks to is real).
    func run(_ body: @Sendable (TillClient) async throws -> Void) async throws {
        let app = try TillApp(configuration)
        try await app.makeApplication().test(.router) { client in
            try await body(TillClient(client: client, service: app.service))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: home) }
}

/// The page's side of the till's API.
struct TillClient: Sendable {
    let client: any TestClientProtocol
    let service: TillService

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil,
              contentType: String = "application/json") async throws -> Answer {
        var headers: HTTPFields = [:]
        if json != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: headers,
                                                body: json.map { ByteBuffer(string: $0) })
        return Answer(status: Int(response.status.code), body: Data(response.body.readableBytesView))
    }

    func login(_ server: TillServer) async throws -> Answer {
        try await call(.post, "/api/login", #"{"server":"\#(server.url)","user":"cajero","password":"cajero1234","pos":"001"}"#)
    }

    func add(_ code: String) async throws -> Answer { try await call(.post, "/api/cart/items", #"{"code":"\#(code)"}"#) }

    func status() async throws -> Answer { try await call(.get, "/api/status") }

    func activate(accept: Bool = true) async throws -> Answer {
        try await call(.post, "/api/offline/on", #"{"reason":"Sin internet: el proveedor no responde","accept":\#(accept)}"#)
    }
}

/// An answer of the till: status and JSON.
struct Answer: Sendable {
    let status: Int
    let body: Data

    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    var list: [[String: Any]] { ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]]) ?? [] }
    var text: String { String(decoding: body, as: UTF8.self) }

    subscript(_ key: String) -> Any? { json[key] }
    func string(_ key: String) -> String? { json[key] as? String }
    func int(_ key: String) -> Int? { json[key] as? Int }
    /// An error answer's `{"error": {"code", "message"}}`, as the server's API answers.
    var code: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var message: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

/// A reason that passes O2.
let outageReason = "Sin internet: el proveedor no responde"

/// Polls `condition` generously (a busy 2-core machine): up to `seconds`.
func eventually(_ seconds: Int = 90, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(200))
    }
    return try await condition()
}
