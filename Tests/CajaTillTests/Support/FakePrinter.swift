import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A thermal printer's raw port stand-in: a TCP listener on 127.0.0.1 that keeps every byte
/// it is sent.
final class FakePrinter: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let channel = Mutex<(any Channel)?>(nil)

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let printer: FakePrinter
        init(_ printer: FakePrinter) { self.printer = printer }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            printer.bytes.withLock { $0 += buffer.readableBytesView }
        }
    }

    /// Listens on a free port; returns it.
    func start() async throws -> Int {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] child in child.pipeline.addHandler(Collector(self)) }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = server }
        return server.localAddress?.port ?? 0
    }

    func stop() async { try? await channel.withLock { $0 }?.close() }

    var received: [UInt8] { bytes.withLock { $0 } }

    func reset() { bytes.withLock { $0 = [] } }

    /// Waits (generously) until at least `count` bytes arrived.
    func waitFor(atLeast count: Int) async -> [UInt8] {
        for _ in 0..<600 {
            let got = received
            if got.count >= count { return got }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return received
    }
}

/// A loopback port that refuses connections for as long as this lives: a socket bound to it
/// and never listening (a connection gets RST, ECONNREFUSED). Unlike a port closed after use,
/// nothing else in a long test run can start listening on it meanwhile.
final class RefusingPort {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            if descriptor >= 0 { close(descriptor) }
            throw POSIXError(.EADDRNOTAVAIL)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

extension Array where Element == UInt8 {
    func contains(_ sequence: [UInt8]) -> Bool {
        guard sequence.count <= count else { return false }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}
