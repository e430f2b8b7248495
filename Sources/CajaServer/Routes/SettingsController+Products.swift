import CajaCore
import Foundation
import Hummingbird

/// `/v1/admin/products`: list and search by pages, create, change, deactivate, CSV import and export.
extension SettingsController {
    /// An import of 50,000 rows is about 3 MB; other routes keep the server's body limit.
    static let importBodyLimit = 16 * 1024 * 1024

    func addProductRoutes(to admin: RouterGroup<AppContext>) {
        admin.get("products") { request, context in
            let query = request.uri.queryParameters
            let limit = try query["limit"].map { text -> Int in
                guard let limit = Int(text) else { throw CajaError.invalidRequest("limit must be a number", field: "limit") }
                return limit
            }
            return JSONResponse(value: try await settings.productPage(of: try context.requireIdentity(), query: query["q"].map(String.init) ?? "",
                                                                      after: query["after"].map(String.init), limit: limit))
        }
        admin.get("products.csv") { _, context in
            let csv = try await settings.exportProducts(of: try context.requireIdentity())
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"productos.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        admin.post("products/import") { request, context in
            let identity = try context.requireIdentity()
            _ = try identity.require(.admin)
            let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            guard mediaType == "text/csv" || mediaType == "text/plain" else {
                throw CajaError(.unsupportedMediaType, "send the file as Content-Type: text/csv")
            }
            let csv = try await Self.text(of: request, limit: Self.importBodyLimit)
            return JSONResponse(value: try await settings.importProducts(csv: csv, by: identity))
        }
        admin.post("products") { request, context in
            let body = try await StrictJSON.decode(Product.self, from: request, limit: maxBodySize)
            return JSONResponse(status: .created, value: try await settings.save(body, creating: true, by: try context.requireIdentity()))
        }
        admin.put("products/:code") { request, context in
            let code = try context.parameters.require("code")
            let body = try await StrictJSON.decode(Product.self, from: request, limit: maxBodySize)
            guard body.code == code else { throw CajaError.invalidRequest("the body's code must be the path's", field: "code") }
            return JSONResponse(value: try await settings.save(body, creating: false, by: try context.requireIdentity()))
        }
        admin.post("products/:code/deactivate") { _, context in
            let code = try context.parameters.require("code")
            return JSONResponse(value: try await settings.deactivate(product: code, by: try context.requireIdentity()))
        }
    }

    /// A text body: at most `limit` bytes (413), UTF-8 (a file saved in another encoding is
    /// refused, not misread).
    static func text(of request: Request, limit: Int) async throws -> String {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw CajaError(.bodyTooLarge, "the body is larger than \(limit) bytes")
        }
        return try csvText(buffer.readableBytesView)
    }

    /// A CSV file's bytes as text; a file not in UTF-8 is refused with the way to save it.
    static func csvText(_ bytes: some Collection<UInt8>) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ProductImportRefusal([ProductImportProblem(row: 1, column: nil,
                message: "El archivo no está en UTF-8: guárdelo como «CSV UTF-8» y vuelva a enviarlo.")])
        }
        return text
    }
}
