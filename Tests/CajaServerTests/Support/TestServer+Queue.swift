import CajaCore
@testable import CajaServer
import Foundation
import Testing

extension TestServer {
    /// Runs the DGI queue by hand, pass after pass, until a pass claims nothing (signs, sends
    /// to the embedded simulator, records). ``TestServer/run`` starts servers with the worker
    /// service off, so a test sees the states before the queue works (unsigned) with no race,
    /// then lets it work exactly when it says.
    func drainQueue() async throws {
        while try await app.worker.pass() > 0 {}
    }

    /// The signed rFE, once a running worker signed it (`GET …/xml` answers 409 until then).
    func signedXML(_ id: UUID, token: String, seconds: Double = 120) async throws -> String {
        var xml = ""
        try await eventually(seconds, "document \(id) signed") {
            let response = try await request(.get, "/v1/documents/\(id)/xml", token: token)
            guard response.status == .ok else { return false }
            xml = response.text
            return true
        }
        return xml
    }
}
