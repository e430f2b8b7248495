import CajaCore
import Foundation
import Hummingbird

/// `POST /v1/z-reports` (close a day), `GET /v1/z-reports`, `GET /v1/z-reports/{id}`.
/// Admins and supervisors for any point; a cashier only for the point of their session.
struct ZReportController {
    let reports: ZReportService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("z-reports") { request, context in
            let identity = try context.requireIdentity()
            let body = try await StrictJSON.decode(ZReportRequest.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await reports.create(body, by: identity))
        }
        group.get("z-reports") { request, context in
            let identity = try context.requireIdentity()
            var point = request.uri.queryParameters["point"].map(String.init)
            if identity.role == .cashier { point = identity.pointOfSale?.code ?? "" }
            return JSONResponse(value: try await reports.list(company: identity.companyID, point: point))
        }
        group.get("z-reports/:id") { _, context in
            let identity = try context.requireIdentity()
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw CajaError.notFound("Reporte Z") }
            let report = try await reports.get(id, company: identity.companyID)
            if identity.role == .cashier, identity.pointOfSale?.code != report.pointOfSale { throw CajaError.notFound("Reporte Z") }
            return JSONResponse(value: report)
        }
    }
}
