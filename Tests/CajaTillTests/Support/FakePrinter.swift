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
