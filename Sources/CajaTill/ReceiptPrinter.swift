import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// Sends ESC/POS bytes to the configured printer, within a short timeout: a printer that is
/// off, unplugged or unreachable costs the sale at most that long and never fails it (the
/// document is already stored when this runs, N1). The answer is nil when the bytes went
/// out, else the Spanish reason they did not.
struct ReceiptPrinter: Sendable {
    let destination: PrinterDestination
    var timeout: Duration = .seconds(3)

    /// ESC p 0: the pulse that opens the cash drawer wired to the printer.
    static let drawerPulse: [UInt8] = [0x1B, 0x70, 0x00, 0x19, 0xFA]

    func send(_ bytes: Data) async -> String? {
        switch destination {
        case .tcp(let host, let port): await sendTCP(bytes, host: host, port: port)
        case .file(let path): await sendFile(bytes, path: path)
        }
    }

    private func sendTCP(_ bytes: Data, host: String, port: Int) async -> String? {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(timeout / .milliseconds(1))))
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            // A printer that accepts the connection but does not read: closing fails the write.
            let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout / .milliseconds(1)))) {
                channel.close(promise: nil)
            }
            defer { deadline.cancel() }
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
            try? await channel.close()
            return nil
        } catch {
            return "La impresora \(destination) no responde (\(error)). La venta está guardada: reimprima el recibo."
        }
    }

    private func sendFile(_ bytes: Data, path: String) async -> String? {
        let destination = self.destination
        let seconds = Double(timeout / .milliseconds(1)) / 1000
        return await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let done = Mutex(false)
            let finish: @Sendable (String?) -> Void = { answer in
                let first = done.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: answer) }
            }
            // A device that blocks (printer off, paper out) blocks this thread, not the till.
            DispatchQueue.global().async {
                let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                guard fd >= 0 else {
                    finish("No se puede abrir la impresora \(destination) (\(String(cString: strerror(errno)))). La venta está guardada: reimprima el recibo.")
                    return
                }
                defer { close(fd) }
                var written = 0
                let ok = bytes.withUnsafeBytes { raw -> Bool in
                    guard let base = raw.baseAddress else { return true }
                    while written < raw.count {
                        let n = write(fd, base + written, raw.count - written)
                        if n <= 0 { return false }
                        written += n
                    }
                    return true
                }
                finish(ok ? nil : "La impresora \(destination) no aceptó el recibo. La venta está guardada: reimprima el recibo.")
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                finish("La impresora \(destination) no respondió a tiempo. La venta está guardada: reimprima el recibo.")
            }
        }
    }
}
