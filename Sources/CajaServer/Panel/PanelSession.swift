import CajaCore
import Crypto
import Foundation
import Hummingbird

/// The panel's login: a session cookie holding an API session token (so one table and one
/// expiry rule serve both), `HttpOnly`, `SameSite=Strict`, path `/panel`. Every form carries
/// a CSRF token derived from the session token (HMAC-free: a SHA-256 of a label and the
/// token, which a cross-site page cannot read); the login form uses a double-submit cookie.
enum PanelSession {
    static let cookieName = "caja_panel"
    static let loginCSRFCookie = "caja_login_csrf"

    static func token(_ request: Request) -> String? { request.cookies[cookieName]?.value }

    static func csrf(forSession token: String) -> String {
        Data(SHA256.hash(data: Data("caja-panel-csrf|\(token)".utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func cookie(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/panel", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func randomToken() -> String { AccountService.newToken() }

    /// Constant-time comparison of two tokens.
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func form(_ request: Request, limit: Int = 64 * 1024) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: limit)
        return parseForm(String(buffer: buffer))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            if let key = parts.first { fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
