import AsyncHTTPClient
import CajaCore
import Foundation
import NIOCore
import NIOHTTP1

/// The register's side of the server API (AsyncHTTPClient over real HTTP). Every failure
/// becomes a ``RegisterError``: no answer or a 5xx → `SERVER_UNREACHABLE`/`SERVER_UNAVAILABLE`
/// (exit 4); a 4xx → the server's code with its Spanish message from the catalog; anything
/// else → a failure (exit 1).
public struct ServerClient: Sendable {
    public var baseURL: String
    public var token: String?
    public var timeout: TimeAmount
    let http: HTTPClient

    /// The register's HTTP client. Connection failures are not retried inside the client
    /// (its default retries until the request deadline, so "no connection" would take the
    /// whole timeout): the register retries itself, with backoff, where retrying makes sense.
    public static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(baseURL: String, token: String? = nil, timeout: TimeAmount = .seconds(15), http: HTTPClient = ServerClient.http) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.timeout = timeout
        self.http = http
    }

    func login(_ request: SessionRequest) async throws(RegisterError) -> SessionResponse {
        try await send(.POST, "/v1/sessions", body: request)
    }

    func logout() async {
        let _: [String: String]? = try? await send(.DELETE, "/v1/sessions", body: Optional<String>.none)
    }

    func catalog() async throws(RegisterError) -> CatalogResponse {
        let (status, data, retryAfter) = try await exchange(.GET, "/v1/catalog", json: nil)
        return try Self.decodedCatalog(status: status, data: data, retryAfter: retryAfter)
    }

    /// The catalog if its version is not `known` (sent as `If-None-Match`); nil when the
    /// server answers 304, unchanged: one cheap request per check (issue 14, item 3). With a
    /// `known` version the server answers only the changes after it when it can (`since`,
    /// issue 14, Scale): the answer says which (``CatalogResponse/isDelta``); a server from
    /// before deltas ignores `since` and answers the whole catalog.
    func catalog(since known: String?) async throws(RegisterError) -> CatalogResponse? {
        let headers = known.map { [("If-None-Match", "\"\($0)\"")] } ?? []
        let path = known.flatMap { $0.addingPercentEncoding(withAllowedCharacters: Self.versionCharacters) }
            .map { "/v1/catalog?since=\($0)" } ?? "/v1/catalog"
        let (status, data, retryAfter) = try await exchange(.GET, path, json: nil, headers: headers)
        if status == .notModified { return nil }
        return try Self.decodedCatalog(status: status, data: data, retryAfter: retryAfter)
    }

    /// A catalog answer, its products read by ``CatalogDecoder`` (a first download is 50,000 of them).
    static func decodedCatalog(status: HTTPResponseStatus, data: Data, retryAfter: String?) throws(RegisterError) -> CatalogResponse {
        guard (200..<300).contains(Int(status.code)) else {
            throw Self.failure(status: status, data: data, retryAfter: retryAfter)
        }
        do { return try CatalogDecoder.decode(data) } catch {
            throw RegisterError(.badAnswer, detail: "/v1/catalog: \(error)")
        }
    }

    /// A version's characters (digits, dots, a UUID's letters and hyphens) go into a query as they are.
    static let versionCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-"))

    /// Reserves a block; `size` nil lets the server size it from the device's history (N2).
    func reserveBlock(_ type: DocumentType, size: Int?) async throws(RegisterError) -> SignedNumberBlock {
        try await send(.POST, "/v1/blocks", body: BlockRequest(type: type, size: size))
    }

    /// The device's active blocks, with the server's sizing advice.
    func blocks() async throws(RegisterError) -> [SignedNumberBlock] { try await send(.GET, "/v1/blocks", body: Optional<String>.none) }

    /// Closes this device's blocks on the server; their unused numbers become voided ranges.
    func returnBlocks() async throws(RegisterError) -> Int64 {
        let answer: [String: Int64] = try await send(.POST, "/v1/blocks/return", body: Optional<String>.none)
        return answer["voidedNumbers"] ?? 0
    }

    func issue(_ draft: DocumentDraft) async throws(RegisterError) -> DocumentDetail {
        try await send(.POST, "/v1/documents", body: draft)
    }

    func sync(_ request: SyncRequest) async throws(RegisterError) -> SyncResponse {
        try await send(.POST, "/v1/sync", body: request)
    }

    /// A sync whose body is written already (``SyncRequest/wireJSON(stored:sessions:grants:)``).
    func sync(json: Data) async throws(RegisterError) -> SyncResponse {
        try await send(.POST, "/v1/sync", json: json)
    }

    func zReport(_ request: ZReportRequest) async throws(RegisterError) -> ZReport {
        try await send(.POST, "/v1/z-reports", body: request)
    }

    func send<Body: Encodable, Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: Body?) async throws(RegisterError) -> Answer {
        var json: Data?
        if let body { json = try Self.encoded(body) }
        return try await send(method, path, json: json)
    }

    func send<Answer: Decodable>(_ method: HTTPMethod, _ path: String, json: Data?) async throws(RegisterError) -> Answer {
        let (status, data, retryAfter) = try await exchange(method, path, json: json)
        return try Self.decoded(status: status, data: data, retryAfter: retryAfter, path: path)
    }

    /// A request's body as Caja sends it (``WireJSON/encode(_:)``).
    static func encoded(_ body: some Encodable) throws(RegisterError) -> Data {
        do { return try WireJSON.encode(body) } catch { throw RegisterError(.encodingFailed, detail: "\(error)") }
    }

    /// A 2xx answer decoded, anything else as the register error it means.
    static func decoded<Answer: Decodable>(status: HTTPResponseStatus, data: Data, retryAfter: String?,
                                           path: String) throws(RegisterError) -> Answer {
        guard (200..<300).contains(Int(status.code)) else {
            throw Self.failure(status: status, data: data, retryAfter: retryAfter)
        }
        do { return try WireJSON.decoder.decode(Answer.self, from: data) } catch {
            throw RegisterError(.badAnswer, detail: "\(path): \(error)")
        }
    }

    /// One request and its raw answer; no answer at all is `SERVER_UNREACHABLE`.
    func exchange(_ method: HTTPMethod, _ path: String, json: Data?,
                  headers: [(String, String)] = []) async throws(RegisterError) -> (HTTPResponseStatus, Data, String?) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json { request.body = .bytes(ByteBuffer(bytes: json)) }
        let status: HTTPResponseStatus
        let data: Data
        let retryAfter: String?
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = response.status
            retryAfter = response.headers.first(name: "Retry-After")
            data = Data(try await response.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)
        } catch {
            throw RegisterError.unreachable("\(baseURL): \(Self.describe(error))")
        }
        return (status, data, retryAfter)
    }

    /// A 4xx/5xx answer as a register error: the server's code, its kind deciding the exit
    /// code, with the catalog's Spanish sentence. A 5xx is the server there but unable to
    /// serve: like no answer (retried, exit 4), with its `Retry-After` (seconds) when it sent
    /// one. A 401 without a code is an expired session.
    static func failure(status: HTTPResponseStatus, data: Data, retryAfter: String? = nil) -> RegisterError {
        let detail = (try? WireJSON.decoder.decode(APIErrorBody.self, from: data))?.error
        let answered = detail?.code ?? "HTTP_\(status.code)"
        let known = ErrorCode(rawValue: answered)
        if known == .invalidCredentials { return RegisterError(.invalidCredentials) }
        if known == .loginThrottled {
            return RegisterError(.loginThrottled, detail: retryAfter.map { "en \($0) segundos" })
        }
        if status == .unauthorized {
            return RegisterError(known ?? .sessionExpired, known == nil ? "Inicie sesión de nuevo: caja login ..." : nil)
        }
        if status.code >= 500 {
            let seconds = retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 >= 0 ? $0 : nil }
            return .unavailable(status: status.code, retryAfter: seconds.map { .seconds($0) })
        }
        if let known { return RegisterError(known, detail: detail?.field.map { "campo: \($0)" }) }
        // A code this register does not know (a newer server's, or none): the closest one it
        // knows, with the server's own code and words.
        let closest: ErrorCode = status == .badRequest || status == .unprocessableEntity ? .invalidRequest : .serverRefused
        var error = RegisterError(closest, "El servidor rechazó la solicitud (\(status.code)): \(detail?.message ?? "sin detalle")")
        error.answeredCode = answered
        return error
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }
}
