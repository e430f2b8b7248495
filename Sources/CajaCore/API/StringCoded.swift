/// A value that travels (JSON, storage) as one string and is validated when it is read
/// back: a decoded value is always a valid one.
public protocol StringCoded: Codable {
    /// Parses and validates the string form.
    init(decoding text: String) throws(CajaError)
    /// The string form, as ``init(decoding:)`` reads it.
    var encoded: String { get }
}

extension StringCoded {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(decoding: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(encoded)
    }
}
