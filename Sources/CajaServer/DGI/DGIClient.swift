import AsyncHTTPClient
import CajaCore
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one signed rFE to the reception service (the PAC/DGI, or our simulator) over real
/// HTTP and reads its answer.
struct DGIClient: Sendable {
    enum Outcome: Sendable {
        /// The service answered with a protocol: authorized, or rejected with rule codes.
        case answered(DGIMessages.Answer)
        /// The service was not reached, or said it could not process the request (5xx):
        /// nothing was processed.
        case notProcessed(String)
        /// The request may have been processed but no answer arrived (timeout, connection
        /// lost mid-way). Sending again is safe: the service is idempotent by CUFE.
        case unknown(String)
    }

    let http: HTTPClient
    let timeout: TimeAmount

    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    func send(signedXML: String, environment: String, messageID: UInt64, to url: String) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/soap+xml; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: DGIMessages.request(signedXML: signedXML, environment: environment, messageID: messageID)))
        let status: HTTPResponseStatus
        let body: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = response.status
            body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout
                    || error == .remoteConnectionClosed {
            return .unknown("\(error)")
        } catch {
            // Connection refused, reset before sending, DNS: the request never arrived.
            return .notProcessed("\(error)")
        }
        guard status == .ok else { return .notProcessed("HTTP \(status.code)") }
        do { return .answered(try DGIMessages.parseResponse(String(buffer: body))) } catch {
            return .unknown("unreadable answer: \(error.detail)")
        }
    }
}
