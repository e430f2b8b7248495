/// Environment (ambiente, iAmb).
public enum Environment: String, Codable, Sendable {
    case production = "1"
    case test = "2"

    public var dgiCode: String { rawValue }
}
