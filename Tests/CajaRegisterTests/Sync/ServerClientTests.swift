import CajaCore
@testable import CajaRegister
import Foundation
import Testing

/// How the register reads a server's error answers, without a server: the body's code, its
/// kind deciding the exit code, the catalog's sentence.
@Suite("The server client's error answers")
struct ServerClientTests {
    func body(_ code: String, _ message: String = "detail", field: String? = nil) -> Data {
        (try? WireJSON.encoder.encode(APIErrorBody(code: code, message: message, field: field))) ?? Data()
    }

    @Test("a known code keeps its code and the catalog's sentence, with the field it names")
    func knownCode() {
        let error = ServerClient.failure(status: .unprocessableEntity, data: body("INVALID_AMOUNT", field: "lines[0].unitPrice"))
        #expect(error.code == "INVALID_AMOUNT" && error.exitCode == 2)
        #expect(error.message == "El monto no es válido: use números con hasta dos decimales (campo: lines[0].unitPrice).")
        let credentials = ServerClient.failure(status: .unauthorized, data: body("INVALID_CREDENTIALS"))
        #expect(credentials.message == SpanishMessages.message(for: .invalidCredentials))
        let throttled = ServerClient.failure(status: .tooManyRequests, data: body("LOGIN_THROTTLED"), retryAfter: "4")
        #expect(throttled.code == "LOGIN_THROTTLED")
        #expect(throttled.message == "Demasiados intentos fallidos: espere un momento e intente de nuevo (en 4 segundos).")
    }

    @Test("a 401 without a code is an expired session (exit 3); a 5xx is the server unavailable (exit 4) with its Retry-After")
    func sessionAndUnavailable() {
        let expired = ServerClient.failure(status: .unauthorized, data: Data())
        #expect(expired.code == "SESSION_EXPIRED" && expired.exitCode == 3)
        #expect(expired.message.contains("caja login"))
        let down = ServerClient.failure(status: .serviceUnavailable, data: body("SERVER_STOPPING"), retryAfter: "3")
        #expect(down.code == "SERVER_UNAVAILABLE" && down.exitCode == 4)
        #expect(down.retryAfter == .seconds(3))
    }

    @Test("a code the register does not know is shown as the server sent it, with its words")
    func unknownCode() {
        let invalid = ServerClient.failure(status: .badRequest, data: body("SOMETHING_NEW", "a newer rule"))
        #expect(invalid.code == "SOMETHING_NEW" && invalid.errorCode == .invalidRequest && invalid.exitCode == 2)
        #expect(invalid.message.contains("El servidor rechazó la solicitud (400): a newer rule"))
        let bare = ServerClient.failure(status: .notFound, data: Data())
        #expect(bare.code == "HTTP_404" && bare.errorCode == .serverRefused && bare.exitCode == 3)
        #expect(bare.message.contains("sin detalle"))
    }
}
