import Foundation

/// A blocking HTTP/1.1 exchange over a plain socket, for tests that must control when each
/// byte leaves (a body cut in two around a signal). Run it off the concurrency pool.
final class RawHTTPConnection {
    /// The socket; -1 once closed. Closed exactly once: a descriptor closed twice may by then
    /// belong to another test's pipe (which crashed a run with EBADF).
    private var descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw E2EError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            descriptor = -1
            throw E2EError("connection refused")
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw E2EError("send failed") }
            sent += count
        }
    }

    /// Everything until the server closes the connection (requests here send `Connection: close`).
    func readToEnd() -> String {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything until the server closes the connection, or nil when it is still open after
    /// `limit` seconds.
    func readToEnd(limit seconds: Int) -> String? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return String(decoding: data, as: UTF8.self) }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? nil : String(decoding: data, as: UTF8.self) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// The status code of a response text, nil when there is none (connection closed first).
    static func status(of response: String) -> Int? {
        guard response.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(response.dropFirst(9).prefix(3))
    }

    /// One whole request and its response.
    static func exchange(port: Int, _ request: String) throws -> String {
        let connection = try RawHTTPConnection(port: port)
        try connection.send(request)
        return connection.readToEnd()
    }

    /// A request's head and body as text.
    static func request(_ method: String, _ path: String, token: String? = nil, body: String) -> (head: String, body: String) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        return (head, body)
    }
}

/// Runs blocking work on a dispatch thread, so waiting on sockets never starves the
/// concurrency pool that an in-process server may need.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
