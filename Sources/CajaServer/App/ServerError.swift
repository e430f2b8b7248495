/// Failures of the server's own setup, never shown to API clients.
enum ServerError: Error, CustomStringConvertible {
    case configuration(String)
    case corruptData(String)

    var description: String {
        switch self {
        case .configuration(let message): "configuration: \(message)"
        case .corruptData(let message): "stored data: \(message)"
        }
    }
}
