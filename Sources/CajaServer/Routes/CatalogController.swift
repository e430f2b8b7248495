import Hummingbird

/// `GET /v1/catalog`: company data, points of sale and products, for working offline later.
struct CatalogController {
    let companies: CompanyService

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("catalog") { _, context in
            let identity = try context.requireIdentity()
            return JSONResponse(value: try await companies.catalog(of: identity.companyID))
        }
    }
}
