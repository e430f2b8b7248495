import CajaCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The till's routes: the page and its JSON API under `/api/`. Every answer is JSON; a bad
/// input is a 4xx with a code and a Spanish message, never a crash.
struct TillController: Sendable {
    let service: TillService
    let resources: TillResources

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in page("index.html") }
        router.get("/till.css") { _, _ in page("till.css") }
        router.get("/till.js") { _, _ in page("till.js") }
        let api = router.group("api")
        api.get("status") { request, _ in await answer(request) { () async throws(TillError) in try await service.status() } }
        api.get("terms") { request, _ in await answer(request) { () async throws(TillError) in await service.terms() } }
        api.post("login") { request, context in
            await answer(request) { () async throws(TillError) in
                try await service.login(try await decode(TillAPI.LoginRequest.self, request, context))
            }
        }
        api.post("logout") { request, _ in await answer(request) { () async throws(TillError) in try await service.logout() } }
        api.get("cart") { request, _ in await answer(request) { () async throws(TillError) in try await service.cart() } }
        api.post("cart/items") { request, context in
            await answer(request) { () async throws(TillError) in
                try await service.add(try await decode(TillAPI.AddRequest.self, request, context).code)
            }
        }
        api.delete("cart/lines/:id") { request, context in
            await answer(request) { () async throws(TillError) in
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                    throw TillError(.invalidLine, "Línea no válida.")
                }
                return try await service.void(line: id)
            }
        }
        api.delete("cart") { request, _ in await answer(request) { () async throws(TillError) in try await service.clearCart() } }
        api.get("products") { request, _ in
            await answer(request) { () async throws(TillError) in await service.search(request.uri.queryParameters.get("q") ?? "") }
        }
        api.post("pay") { request, context in
            await answer(request) { () async throws(TillError) in try await service.pay(try await decode(TillAPI.PayRequest.self, request, context)) }
        }
        api.get("receipts") { request, _ in await answer(request) { () async throws(TillError) in try await service.receipts() } }
        api.post("receipts/:type/:number/print") { request, context in
            await answer(request) { () async throws(TillError) in
                guard let type = context.parameters.get("type"), let number = context.parameters.get("number").flatMap(Int64.init) else {
                    throw TillError(.invalidDocument, "Documento no válido.")
                }
                return try await service.reprint(type: type, number: number)
            }
        }
        api.post("offline/on") { request, context in
            await answer(request) { () async throws(TillError) in
                try await service.offlineOn(try await decode(TillAPI.OfflineOnRequest.self, request, context))
            }
        }
        api.post("offline/off") { request, _ in await answer(request) { () async throws(TillError) in try await service.offlineOff() } }
        api.post("sync") { request, _ in await answer(request) { () async throws(TillError) in try await service.syncNow() } }
        api.post("z-report") { request, _ in await answer(request) { () async throws(TillError) in try await service.zReport() } }
    }

    func page(_ name: String) -> Response {
        guard let file = resources.files[name] else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "no encontrado")))
        }
        return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.body)))
    }

    /// Runs `body` and answers its value as JSON, or its error as `{code, message}`. Requests
    /// that do not come to this machine's own name (DNS rebinding) or, when they carry a
    /// body, are not `application/json` (a form another page posts) are refused first.
    func answer<T: Encodable>(_ request: Request, _ body: () async throws(TillError) -> T) async -> Response {
        guard Self.isLocal(request.head.authority) else {
            return error(TillError(.forbiddenHost, "Solo se atiende a este equipo (127.0.0.1)."))
        }
        if request.method == .post, !(request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json") {
            return error(TillError(.unsupportedMediaType, "La solicitud debe ser JSON (Content-Type: application/json)."))
        }
        do {
            return json(try await body(), status: .ok)
        } catch {
            return self.error(error)
        }
    }

    /// Whether a request's authority (Host) names this machine: 127.0.0.1, localhost or
    /// [::1], with any port. Another name is a page that rebound its DNS to loopback.
    static func isLocal(_ authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return true }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        return ["127.0.0.1", "localhost", "[::1]"].contains(host.lowercased())
    }

    func error(_ error: TillError) -> Response {
        json(APIErrorBody(code: error.code, message: error.message), status: error.status)
    }

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status) -> Response {
        let data = (try? Self.encoder.encode(value)) ?? Data(#"{"code":"ENCODING_FAILED","message":"Error interno"}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request's JSON body as `T`; malformed JSON or a missing field is a 400 naming it.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: BasicRequestContext) async throws(TillError) -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: 1 << 20) } catch {
            throw TillError(.bodyTooLarge)
        }
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw TillError(.missingField, "Falta el campo «\(key.stringValue)».")
        } catch let DecodingError.typeMismatch(_, context) {
            throw TillError(.invalidField, "Campo con tipo no válido: «\(context.codingPath.map(\.stringValue).joined(separator: "."))».")
        } catch let DecodingError.valueNotFound(_, context) {
            throw TillError(.missingField, "Falta el campo «\(context.codingPath.map(\.stringValue).joined(separator: "."))».")
        } catch {
            throw TillError(.invalidJSON)
        }
    }
}
