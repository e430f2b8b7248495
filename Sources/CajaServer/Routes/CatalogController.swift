import Hummingbird

/// `GET /v1/catalog`: company data, points of sale and products, for working offline later.
/// Answers with the catalog's version as its `ETag`; `If-None-Match` with that version is a
/// 304 with no body, so a register checks for changes on every contact at the cost of one
/// primary-key read (issue 14, item 3).
struct CatalogController {
    let companies: CompanyService

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("catalog") { request, context in
            let identity = try context.requireIdentity()
            // The version is read once, before the catalog (see CompanyService.catalog(of:version:)).
            let version = try await companies.catalogVersion(of: identity.companyID)
            if let known = request.headers[.ifNoneMatch], known == Self.etag(version) {
                return Response(status: .notModified, headers: [.eTag: known])
            }
            let catalog = try await companies.catalog(of: identity.companyID, version: version)
            return try JSONResponse(value: catalog, headers: [.eTag: Self.etag(catalog.version ?? "")])
                .response(from: request, context: context)
        }
    }

    static func etag(_ version: String) -> String { "\"\(version)\"" }
}
