import CajaCore
@testable import CajaServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One error model (issue 12): services throw ``CajaError``; its kind alone decides the HTTP
/// status, for the API and the panel alike, and every code has its Spanish message.
@Suite("One error model")
struct ErrorMappingTests {
    /// The statuses the API has always answered for these codes (openapi.yaml).
    static let statuses: [(ErrorCode, HTTPResponse.Status)] = [
        (.invalidRequest, .badRequest), (.unsupportedMediaType, .unsupportedMediaType), (.bodyTooLarge, .contentTooLarge),
        (.batchTooLarge, .contentTooLarge), (.unauthorized, .unauthorized), (.invalidCredentials, .unauthorized),
        (.deviceProofStale, .unauthorized), (.deviceProofInvalid, .unauthorized), (.deviceProofRequired, .unprocessableContent),
        (.forbidden, .forbidden), (.csrf, .forbidden), (.deviceRetired, .forbidden), (.notFound, .notFound),
        (.deviceNameTaken, .conflict), (.tooManyBlocks, .conflict), (.sequenceMissing, .conflict), (.sequenceExhausted, .conflict),
        (.documentIDReused, .conflict), (.zAlreadyExists, .conflict), (.zFiguresMissing, .conflict),
        (.deviceSessionRequired, .unprocessableContent), (.unknownPointOfSale, .unprocessableContent),
        (.invalidBlockSize, .unprocessableContent), (.dayNotStarted, .unprocessableContent),
        (.offlineDocumentType, .unprocessableContent), (.invalidAmount, .unprocessableContent), (.pkcs12Password, .unprocessableContent),
        (.loginThrottled, .tooManyRequests), (.serverStopping, .serviceUnavailable), (.internalError, .internalServerError),
        (.pointInactive, .conflict), (.pointNotAllowed, .forbidden), (.pointCodeTaken, .conflict),
    ]

    @Test("each code answers the status the contract gives it, decided by its kind")
    func statuses() {
        for (code, status) in Self.statuses {
            #expect(CajaError(code, "test").status == status, "\(code.rawValue)")
        }
    }

    @Test("the body is the contract's {error: {code, message, field}} with Retry-After when the error has one")
    func body() async throws {
        let router = Router()
        router.get("throttled") { _, _ -> Response in throw CajaError(.loginThrottled, field: "user", "wait", retryAfter: 4) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/throttled", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "4")
                let body = try WireJSON.decoder.decode(APIErrorBody.self, from: Data(buffer: response.body))
                #expect(body == APIErrorBody(code: "LOGIN_THROTTLED", message: "wait", field: "user"))
            }
        }
    }

    @Test("every code a user can see has its own Spanish sentence")
    func spanish() {
        for code in ErrorCode.allCases {
            let message = SpanishMessages.message(for: code)
            #expect(message.hasSuffix(".") && !message.contains("TODO"), "\(code.rawValue)")
        }
    }
}
