import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

@Suite("Operations: health, Prometheus metrics and the OpenAPI description")
struct OperationsTests {
    @Test("GET /health answers without a token")
    func health() async throws {
        try await TestServer.run(.sqlite) { server in
            let response = try await server.request(.get, "/health")
            #expect(response.status == .ok)
            #expect(response.text.contains("\"ok\""))
        }
    }

    @Test("GET /metrics counts requests by route pattern (no ids), documents issued and sync results",
          arguments: Backend.allCases)
    func metrics(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let token = try await server.login()
            let draft = Sales.cash()
            #expect(try await server.issue(draft, token: token).status == .created)
            #expect(try await server.request(.get, "/v1/documents/\(draft.id)", token: token).status == .ok)
            #expect(try await server.request(.get, "/v1/documents/\(UUID())", token: token).status == .notFound)

            let response = try await server.request(.get, "/metrics")
            #expect(response.status == .ok)
            let text = response.text
            #expect(text.contains("# TYPE caja_documents_issued_total counter"))
            #expect(text.contains("caja_documents_issued_total{emission=\"normal\"} 1\n"))
            #expect(text.contains("caja_http_requests_total{method=\"POST\",route=\"/v1/documents\",status=\"201\"} 1\n"))
            #expect(text.contains("caja_http_requests_total{method=\"GET\",route=\"/v1/documents/{id}\",status=\"200\"} 1\n"))
            #expect(text.contains("caja_http_requests_total{method=\"GET\",route=\"/v1/documents/{id}\",status=\"404\"} 1\n"))
            #expect(text.contains("caja_http_request_duration_seconds_count{route=\"/v1/documents\"} 1\n"))
            #expect(!text.contains(draft.id.uuidString), "a raw path with an id leaked into the metrics")
            #expect(!text.contains(token), "a token leaked into the metrics")
        }
    }

    @Test("GET /metrics asks for the metrics token when one is configured")
    func metricsToken() async throws {
        try await TestServer.run(.sqlite, configure: { $0.metricsToken = "s3cret-metrics" }) { server in
            let none = try await server.request(.get, "/metrics")
            let wrong = try await server.request(.get, "/metrics", token: "wrong")
            let right = try await server.request(.get, "/metrics", token: "s3cret-metrics")
            #expect(none.status == .unauthorized)
            #expect(wrong.status == .unauthorized)
            #expect(right.status == .ok)
        }
    }

    @Test("openapi.yaml states every operation's security; only health, login and the DGI reception are public")
    func openAPISecurity() throws {
        let security = try OpenAPIFile.securityByOperation()
        #expect(security.count > 10)
        let undeclared = security.filter { $0.value == nil }.keys.sorted()
        #expect(undeclared.isEmpty, "operations without security: \(undeclared)")
        let open = Set(security.filter { $0.value == [] }.keys)
        #expect(open == ["GET /health", "POST /v1/sessions", "POST /sim/dgi/recepcion"], "\(open.sorted())")
        #expect(security["PUT /v1/company/credentials"] == .some(["bearerAuth"]))
        #expect(security["POST /sim/dgi/admin/faults"] == .some(["simulatorAdmin"]))
    }

    @Test("openapi.yaml describes every API route the app registers, and no route it does not")
    func openAPICoversEveryRoute() async throws {
        try await TestServer.run(.sqlite) { server in
            // The panel's HTML pages (/panel/...) are for browsers, not API clients: the README
            // lists them; openapi.yaml is the JSON API and the DGI simulator.
            let registered = Set(server.app.makeRouter().routes.map { "\($0.method.rawValue) \($0.path.description)" })
                .filter { !$0.contains(" /panel") }
            let described = try OpenAPIFile.operations()
            #expect(registered.count > 10)
            let undocumented = registered.subtracting(described).sorted()
            let stale = described.subtracting(registered).sorted()
            #expect(undocumented.isEmpty, "routes missing from openapi.yaml: \(undocumented)")
            #expect(stale.isEmpty, "openapi.yaml describes routes the app does not have: \(stale)")
        }
    }
}

/// The operations of the repository's `openapi.yaml` as "METHOD /path/{param}". The file is
/// read by indentation (paths at two spaces, methods at four), the layout the file keeps, so
/// the tests need no YAML library.
enum OpenAPIFile {
    static func operations() throws -> Set<String> { Set(try securityByOperation().keys) }

    /// Each operation and what its `security:` says: `[]` (public), the schemes it names, or
    /// nil when it declares none.
    static func securityByOperation() throws -> [String: [String]?] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
        var inPaths = false
        var currentPath: String?
        var found: [String: [String]?] = [:]
        var operation: String?
        var inSecurity = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let current = operation, line.hasPrefix("      "), !line.hasPrefix("       ") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                inSecurity = trimmed.hasPrefix("security:")
                if trimmed == "security: []" { found[current] = .some([]) } else if inSecurity { found[current] = .some([]) }
                continue
            }
            if inSecurity, let current = operation, line.hasPrefix("        - ") {
                let scheme = line.trimmingCharacters(in: .whitespaces).dropFirst(2).split(separator: ":").first.map(String.init) ?? ""
                found[current] = .some((found[current] ?? []).map { $0 + [scheme] } ?? [scheme])
                continue
            }
            if !line.hasPrefix(" ") && !line.isEmpty && !line.hasPrefix("#") {
                inPaths = line.hasPrefix("paths:")
                currentPath = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                operation = nil
                currentPath = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
                    .trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path = currentPath {
                let key = line.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? ""
                if methods.contains(key) {
                    operation = "\(key.uppercased()) \(path)"
                    found[operation ?? ""] = .some(nil)
                }
            }
        }
        return found
    }
}
