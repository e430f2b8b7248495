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
            let faults = try await request.decode(as: Faults.self, context: context)
            await self.setFaults(faults)
            return try Self.json(faults)
        }
        group.get("admin/faults") { _, _ -> Response in try Self.json(await self.faults) }
        group.get("admin/stats") { _, _ -> Response in try Self.json(await self.currentStats()) }
    }

    static func soap(_ xml: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/soap+xml; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }
}
