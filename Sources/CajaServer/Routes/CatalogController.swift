import CajaCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/catalog`: company data, points of sale and products, for working offline later.
/// Answers with the catalog's version as its `ETag`; `If-None-Match` with that version is a
/// 304 with no body, so a register checks for changes on every contact at the cost of one
/// primary-key read (issue 14, item 3). `?since=<version>` asks for only the products changed
/// after a version the register holds (issue 14, Scale); the body says whether it is that
/// delta or, when the changes cannot bring that version up to date, the whole catalog.
struct CatalogController {
    let companies: CompanyService

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("catalog") { request, context in
            let identity = try context.requireIdentity()
            let since = try request.query("since").flatMap { text throws(CajaError) in try CatalogVersion.since(text) }
            // The version is read once, before the catalog (see CompanyService.catalog(of:version:since:)).
            let version = try await companies.catalogVersion(of: identity.companyID)
            let etag = Self.etag(version.description)
            if let known = request.headers[.ifNoneMatch], known == etag {
                return Response(status: .notModified, headers: [.eTag: known])
            }
            let start = ContinuousClock.now
            let catalog = try await companies.catalog(of: identity.companyID, version: version, since: since)
            let read = ContinuousClock.now
            let body = try CatalogJSON.encode(catalog)
            let encoded = ContinuousClock.now
            // Where a first download's time goes, for the benchmark and a browser's network panel.
            let timing = "db;dur=\(Self.milliseconds(read - start)), encode;dur=\(Self.milliseconds(encoded - read))"
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .eTag: etag]
            if let name = Self.serverTiming { headers[name] = timing }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
    }

    static func etag(_ version: String) -> String { "\"\(version)\"" }

    /// (A valid field name: never nil.)
    static let serverTiming = HTTPField.Name("Server-Timing")

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
