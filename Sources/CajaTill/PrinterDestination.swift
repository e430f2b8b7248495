import Foundation

/// Where receipts go (`--printer`): a device or file path (`/dev/usb/lp0`), or the raw TCP
/// port thermal printers listen on (`tcp://HOST:9100`).
public enum PrinterDestination: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case tcp(host: String, port: Int)

    /// Nil when `text` is neither an absolute path nor `tcp://HOST:PORT`.
    public init?(parsing text: String) {
        if text.hasPrefix("tcp://") {
            let rest = text.dropFirst("tcp://".count)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                  (1...65535).contains(port), colon > rest.startIndex else { return nil }
            self = .tcp(host: String(rest[..<colon]), port: port)
        } else if text.hasPrefix("/") {
            self = .file(text)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        }
    }
}
