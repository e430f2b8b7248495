import CajaCore
import Foundation
import Hummingbird
import Synchronization

/// Reads a JSON request body strictly: a size limit (413), malformed JSON and wrong types
/// (400 naming the field), and unknown fields (400 naming the field) — so a typo in a
/// client never passes silently.
enum StrictJSON {
    static func decode<T: Codable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        // A JSON body under another media type is read differently by proxies and tools.
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw CajaError(.unsupportedMediaType, "send the body as Content-Type: application/json")
        }
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch {
            throw CajaError(.bodyTooLarge, "the body is larger than \(limit) bytes")
        }
        return try decode(type, from: Data(buffer: buffer))
    }

    static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        let value: T
        do { value = try decoder.decode(T.self, from: data) } catch let error as DecodingError {
            throw describe(error)
        }
        switch JSONKeyScanner.scan(data, shape: shapes.withLock { $0[ObjectIdentifier(T.self)] } ?? .empty) {
        case .duplicate(let repeated):
            throw CajaError.invalidRequest("field '\(repeated)' appears twice", field: repeated)
        case .known:
            return value
        case .needsFullCheck:
            break
        }
        // Unknown fields: every key the client sent must exist in the value re-encoded.
        // A text the decoder took but this reader refuses (an unpaired surrogate escape in a
        // field the type never reads) would hide its fields from the check: refused too.
        guard let sent = try? JSONSerialization.jsonObject(with: data) else {
            throw CajaError.invalidRequest("the body is not valid JSON (an invalid \\u escape?)")
        }
        if let known = try? JSONSerialization.jsonObject(with: encoder.encode(value)) {
            if let unknown = firstUnknownKey(sent: sent, known: known, path: "") {
                throw CajaError.invalidRequest("unknown field '\(unknown)'", field: unknown)
            }
            learn(known, for: T.self)
        }
        return value
    }

    /// The keys each body type is known to accept (``KeyShape``), learnt from bodies that
    /// passed the full check above. A body whose every key is already known skips that check:
    /// it re-encodes the value and parses the text twice more, about a tenth of a sync's CPU
    /// (issue 16, item 2). The shape merges an array's elements, so a key is "known" when
    /// some element of that array had it: a typo is still refused, a key of another element's
    /// variant in the same array passes, as a field the decoder does not read.
    private static let shapes = Mutex<[ObjectIdentifier: KeyShape]>([:])
    /// A type whose keys are data (a dictionary field) stops learning at this many nodes, and
    /// its unknown keys go on taking the full check.
    static let maxShapeSize = 2_000

    private static func learn(_ known: Any, for type: Any.Type) {
        shapes.withLock { shapes in
            var shape = shapes[ObjectIdentifier(type)] ?? KeyShape()
            shape.learn(known)
            if shape.size <= maxShapeSize { shapes[ObjectIdentifier(type)] = shape }
        }
    }

    /// The wire's coders (``WireJSON``), with the strict checks above in front of the decoder.
    static var decoder: JSONDecoder { WireJSON.decoder }
    static var encoder: JSONEncoder { WireJSON.encoder }

    private static func firstUnknownKey(sent: Any, known: Any, path: String) -> String? {
        switch (sent, known) {
        case (let sent as [String: Any], let known as [String: Any]):
            for (key, value) in sent.sorted(by: { $0.key < $1.key }) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = known[key] else {
                    if value is NSNull { continue }   // an explicit null for an absent optional
                    return child
                }
                if let found = firstUnknownKey(sent: value, known: knownValue, path: child) { return found }
            }
        case (let sent as [Any], let known as [Any]):
            for (index, value) in sent.enumerated() where index < known.count {
                if let found = firstUnknownKey(sent: value, known: known[index], path: "\(path)[\(index)]") { return found }
            }
        default:
            break
        }
        return nil
    }

    static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }

    private static func describe(_ error: DecodingError) -> CajaError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = fieldPath(context.codingPath + [key])
            return .invalidRequest("missing field '\(field)'", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = fieldPath(context.codingPath)
            return .invalidRequest("field '\(field)' has the wrong type", field: field.isEmpty ? nil : field)
        case .dataCorrupted(let context):
            let field = fieldPath(context.codingPath)
            if field.isEmpty { return .invalidRequest("the body is not valid JSON") }
            return .invalidRequest("field '\(field)' is invalid: \(context.debugDescription)", field: field)
        @unknown default:
            return .invalidRequest("the body could not be read")
        }
    }
}
