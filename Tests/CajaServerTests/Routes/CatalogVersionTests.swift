import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import Testing

@Suite("Catalog version: a register checks for changes with one cheap request (issue 14, item 3)")
struct CatalogVersionTests {
    @Test("GET /v1/catalog carries its version as ETag; If-None-Match with it is a 304 with no body until a price changes, then the new catalog under a new version",
          arguments: Backend.allCases)
    func etag(_ backend: Backend) async throws {
        try await TestServer.run(backend) { server in
            let cashier = try await server.login()
            let first = try await server.request(.get, "/v1/catalog", token: cashier)
            let etag = try #require(first.headers[.eTag])
            let version = try #require(try first.decode(CatalogResponse.self).version)
            #expect(etag == "\"\(version)\"")

            let unchanged = try await server.request(.get, "/v1/catalog", token: cashier, headers: [.ifNoneMatch: etag])
            #expect(unchanged.status == .notModified && unchanged.body.isEmpty)
            let stale = try await server.request(.get, "/v1/catalog", token: cashier, headers: [.ifNoneMatch: "\"0.0\""])
            #expect(stale.status == .ok && stale.headers[.eTag] == etag)

            let admin = try await server.adminToken()
            let dearer = Product(code: "7501", name: "Arroz 5 lb", price: Money(cents: 499), rate: .exempt)
            #expect(try await server.send(.put, "/v1/admin/products/7501", token: admin, dearer).status == .ok)
            let changed = try await server.request(.get, "/v1/catalog", token: cashier, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)
            #expect(try changed.decode(CatalogResponse.self).products.first { $0.code == "7501" }?.price == Money(cents: 499))

            let newer = try #require(changed.headers[.eTag])
            #expect(try await server.request(.post, "/v1/admin/products/7502/deactivate", token: admin).status == .ok)
            #expect(try await server.request(.get, "/v1/catalog", token: cashier, headers: [.ifNoneMatch: newer]).status == .ok,
                    "a deactivation is a change too")
        }
    }
}
