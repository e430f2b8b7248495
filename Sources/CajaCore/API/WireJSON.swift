import Foundation

/// The JSON settings of everything Caja sends or stores as JSON: the API both ways, the
/// register's store and journal, the simulator. One place, so a date or a key order never
/// reads differently on the two sides.
public enum WireJSON {
    /// ISO 8601 dates, sorted keys (a stored document's JSON is stable), slashes unescaped.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A body's JSON as Caja sends it: a ``WireJSONBody`` writes its own bytes (the same as the
    /// encoder's, faster), anything else goes through ``encoder``.
    public static func encode(_ value: some Encodable) throws -> Data {
        if let body = value as? any WireJSONBody { return try body.wireJSON() }
        return try encoder.encode(value)
    }

    /// Dates are RFC 3339 `date-time`, as `openapi.yaml` says: with or without fractional
    /// seconds (Caja itself writes whole seconds, where the DGI's format has no more).
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            // (Date.ISO8601FormatStyle is a value: shared formatters are not thread-safe on Linux.)
            if let date = (try? Date.ISO8601FormatStyle().parse(text))
                ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected an RFC 3339 date-time, got '\(text)'"))
        }
        return decoder
    }()
}
