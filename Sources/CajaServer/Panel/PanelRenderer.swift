import Foundation
import Hummingbird
import HTTPTypes
import Mustache

/// Renders the panel's templates (package resources, loaded once at start) into HTML
/// responses with the headers every page carries.
struct PanelRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    static func load() async throws -> PanelRenderer {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil),
              let css = Bundle.module.url(forResource: "panel", withExtension: "css") else {
            throw ServerError.configuration("the panel's templates are missing from the package resources")
        }
        return PanelRenderer(library: try await MustacheLibrary(directory: directory.path),
                             stylesheet: try String(contentsOf: css, encoding: .utf8))
    }

    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
        .cacheControl: "no-store",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    func html(_ template: String, _ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let text = library.render(object, withTemplate: template) ?? "template \(template) missing"
        return Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
