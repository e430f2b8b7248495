import CajaCore
import Foundation
import Hummingbird

extension DGISimulator {
    /// The reception path, relative to where the routes are mounted.
    public static let receptionPath = "recepcion"

    /// Adds the service's routes to `group`: `POST recepcion` (SOAP), and the admin knobs
    /// `POST admin/faults`, `GET admin/faults`, `GET admin/stats`.
    public nonisolated func addRoutes<Context: RequestContext>(to group: RouterGroup<Context>) {
        group.post(RouterPath(stringLiteral: Self.receptionPath)) { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 * 1024 * 1024)
            let decision = await self.receive(String(buffer: body))
            let latency = await self.faults.latencyMilliseconds
            if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
            switch decision {
            case .answer(let xml):
                return Self.soap(xml)
            case .unavailable:
                return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"],
                                body: .init(byteBuffer: ByteBuffer(string: "Servicio no disponible")))
            case .drop(let xml):
                // Processed, but the answer never arrives in time: hold past the client's patience.
                try await Task.sleep(for: self.dropHold)
                return Self.soap(xml)
            }
        }
        group.post("admin/faults") { request, context -> Response in
            if let refusal = self.refuseAdmin(request) { return refusal }
            let faults: Faults
            do { faults = try await request.decode(as: Faults.self, context: context) } catch {
                return Self.error(.badRequest, code: .invalidRequest, "the body is not a faults object")
            }
            if let invalid = faults.invalidKnob { return Self.error(.badRequest, code: .invalidFaults, invalid) }
            await self.setFaults(faults)
            return try Self.json(faults)
        }
        group.get("admin/faults") { request, _ -> Response in
            if let refusal = self.refuseAdmin(request) { return refusal }
            return try Self.json(await self.faults)
        }
        group.get("admin/stats") { request, _ -> Response in
            if let refusal = self.refuseAdmin(request) { return refusal }
            return try Self.json(await self.currentStats())
        }
    }

    /// The admin routes need the simulator's token: 401 without or with a wrong one, 403
    /// when it has none (closed).
    nonisolated func refuseAdmin(_ request: Request) -> Response? {
        guard let adminToken else { return Self.error(.forbidden, code: .simulatorAdminClosed, "this simulator has no admin token") }
        let sent = request.headers[.authorization] ?? ""
        let expected = "Bearer \(adminToken)"
        // Compared in constant time: a token must not be guessable byte by byte.
        guard sent.utf8.count == expected.utf8.count,
              zip(sent.utf8, expected.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return Self.error(.unauthorized, code: .unauthorized, "the simulator's admin token is required")
        }
        return nil
    }

    static func error(_ status: HTTPResponse.Status, code: ErrorCode, _ message: String) -> Response {
        let body = APIErrorBody(code: code.rawValue, message: message)
        let data = (try? WireJSON.encoder.encode(body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func soap(_ xml: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/soap+xml; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try WireJSON.encoder.encode(value))))
    }
}
