import CajaCore
import Foundation
import Hummingbird

/// `POST /v1/documents` (online issuance), `GET /v1/documents` (list), `GET /v1/documents/{id}`
/// and `GET /v1/documents/{id}/xml` (the signed rFE; 409 `DOCUMENT_NOT_SIGNED` until the DGI queue signed it).
struct DocumentController {
    let documents: DocumentService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("documents") { request, context in
            let identity = try context.requireIdentity()
            let draft = try await StrictJSON.decode(DocumentDraft.self, from: request, limit: maxBodySize)
            let (record, created) = try await documents.issueOnline(draft, by: identity)
            return JSONResponse(status: created ? .created : .ok, value: record.detail)
        }
        group.get("documents") { request, context in
            let identity = try context.requireIdentity()
            let filter = try Self.filter(request)
            return JSONResponse(value: try await documents.list(company: identity.companyID, filter: filter))
        }
        group.get("documents/:id") { _, context in
            let identity = try context.requireIdentity()
            let id = try Self.documentID(context)
            return JSONResponse(value: try await documents.get(id, company: identity.companyID).detail)
        }
        group.get("documents/:id/xml") { _, context in
            let identity = try context.requireIdentity()
            let record = try await documents.get(try Self.documentID(context), company: identity.companyID)
            return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: try record.signedXML())))
        }
    }

    static func documentID(_ context: AppContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw CajaError.notFound("document")
        }
        return id
    }

    static func filter(_ request: Request) throws -> DocumentFilter {
        var filter = DocumentFilter()
        func value(_ name: Substring) -> String? { request.query(String(name)) }
        if let point = value("point") {
            guard let valid = try? PointOfSale(point) else { throw CajaError.invalidRequest("point must be 001-999", field: "point") }
            filter.point = valid
        }
        if let type = value("type") {
            guard let valid = DocumentType(rawValue: type) else {
                throw CajaError.invalidRequest("type must be " + DocumentType.allCases.map(\.rawValue).spokenList("or"), field: "type")
            }
            filter.type = valid
        }
        if let emission = value("emission") {
            guard let valid = Emission(rawValue: emission) else {
                throw CajaError.invalidRequest("emission must be " + Emission.allCases.map(\.rawValue).spokenList("or"), field: "emission")
            }
            filter.emission = valid
        }
        if let status = value("dgiStatus") {
            guard let valid = DGIState(rawValue: status) else {
                throw CajaError.invalidRequest("dgiStatus must be " + DGIState.allCases.map(\.rawValue).spokenList("or"), field: "dgiStatus")
            }
            filter.dgiStatus = valid
        }
        if let session = value("session") {
            guard let valid = UUID(uuidString: session) else {
                throw CajaError.invalidRequest("session must be an offline session id", field: "session")
            }
            filter.session = valid
        }
        for name in ["from", "to"] as [Substring] {
            guard let text = value(name) else { continue }
            guard let date = Self.parseDate(text) else {
                throw CajaError.invalidRequest("\(name) must be ISO 8601 (2026-03-14T10:30:00-05:00) or a date (2026-03-14)", field: String(name))
            }
            if name == "from" { filter.from = date } else { filter.to = date }
        }
        if let limit = value("limit") {
            guard let n = Int(limit), (1...500).contains(n) else { throw CajaError.invalidRequest("limit must be 1...500", field: "limit") }
            filter.limit = n
        }
        if let after = value("after") {
            guard let cursor = DocumentCursor(encoded: after) else { throw CajaError.invalidRequest("after is not a cursor from this API", field: "after") }
            filter.after = cursor
        }
        return filter
    }

    /// ISO 8601 with an offset, or a bare date meaning its start in Panama.
    static func parseDate(_ text: String) -> Date? {
        if text.count == 10 { return PanamaTime.BusinessDay(text)?.start }
        if let date = PanamaTime.parseDGITimestamp(text) { return date }
        return try? Date(text, strategy: .iso8601)
    }
}
