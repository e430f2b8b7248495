import Foundation

/// The object keys a body type is known to accept, as a tree: each object key's own keys,
/// and the keys of an array's elements merged into one node. Learnt from bodies that passed
/// the full unknown-field check (``StrictJSON``), so it only ever holds keys the type has.
struct KeyShape: Sendable {
    var fields: [String: KeyShape] = [:]
    /// The elements' shape, when the node is an array (at most one entry: a recursive struct).
    var items: [KeyShape] = []
    /// Nodes in the tree, to bound what a type with free-form keys (a dictionary) can learn.
    private(set) var size = 1

    /// Adds the keys of `value` (what JSONSerialization gives), arrays' elements merged.
    mutating func learn(_ value: Any) {
        switch value {
        case let object as [String: Any]:
            for (key, child) in object {
                var node = fields[key] ?? KeyShape()
                let before = fields[key]?.size ?? 0
                node.learn(child)
                size += node.size - before
                fields[key] = node
            }
        case let array as [Any]:
            var node = items.first ?? KeyShape()
            let before = items.first?.size ?? 0
            for element in array { node.learn(element) }
            size += node.size - before
            items = [node]
        default:
            break
        }
    }

    static let empty = KeyShape()
}

/// One pass over a JSON text's bytes (issue 13, item 4; issue 16, item 2): the first object
/// key that appears twice, and whether every key (with a non-null value) is one `shape`
/// already knows, with no escape the scanner cannot read as one scalar (a lone surrogate).
///
/// Repeated keys: Foundation's decoder keeps one of two equal keys silently, and other tools
/// keep the other one (`{"unitPrice":"0.01","unitPrice":"5.99"}` stored 0.01 where most
/// parsers read 5.99), so a body with a repeated key means different things to different
/// readers: it is refused. Keys are compared after unescaping (`"a"` and `"\u0061"` are the
/// same key). The scanner only walks the structure; whether the text is valid JSON is the
/// decoder's call, so on malformed input it answers ``Outcome/needsFullCheck``.
struct JSONKeyScanner {
    enum Outcome: Equatable {
        /// The path of the first repeated key (`lines[0].unitPrice`).
        case duplicate(String)
        /// A key the shape does not know, a lone surrogate escape, or malformed text: the
        /// caller decides by the full check.
        case needsFullCheck
        /// No repeated key, every key known.
        case known
    }

    private let bytes: [UInt8]
    private var index = 0
    private var unknown = false
    /// The path to the value being read, built into text only for a repeated key.
    private var path: [PathComponent] = []

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    static func scan(_ data: Data, shape: KeyShape) -> Outcome {
        var scanner = JSONKeyScanner(bytes: [UInt8](data))
        do {
            if let repeated = try scanner.value(shape) { return .duplicate(repeated) }
            return scanner.unknown ? .needsFullCheck : .known
        } catch {
            return .needsFullCheck
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private struct Malformed: Error {}

    private mutating func value(_ shape: KeyShape?) throws -> String? {
        skipWhitespace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(shape)
        case UInt8(ascii: "["): return try array(shape?.items.first)
        case UInt8(ascii: "\""): try skipString(); return nil
        default:
            // A number, true, false or null: up to the next delimiter.
            while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
            return nil
        }
    }

    private mutating func object(_ shape: KeyShape?) throws -> String? {
        index += 1
        var keys: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return nil }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
            let key = try string()
            path.append(.key(key))
            guard keys.insert(key).inserted else { return Self.text(of: path) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Malformed() }
            index += 1
            skipWhitespace()
            let child = shape?.fields[key]
            // An explicit null is how a client says "absent" for an optional: never unknown.
            if child == nil, !isNull { unknown = true }
            if let found = try value(child) { return found }
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw Malformed() }
            index += 1
            return nil
        }
    }

    private mutating func array(_ shape: KeyShape?) throws -> String? {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return nil }
        var position = 0
        while true {
            path.append(.index(position))
            if let found = try value(shape) { return found }
            path.removeLast()
            position += 1
            skipWhitespace()
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw Malformed() }
            index += 1
            return nil
        }
    }

    private var isNull: Bool {
        index + 4 <= bytes.count && bytes[index] == UInt8(ascii: "n") && bytes[index + 1] == UInt8(ascii: "u")
            && bytes[index + 2] == UInt8(ascii: "l") && bytes[index + 3] == UInt8(ascii: "l")
            && (index + 4 == bytes.count || Self.isDelimiter(bytes[index + 4]))
    }

    /// A string value: passed over, its escapes checked, nothing built.
    private mutating func skipString() throws {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") {
                guard index < bytes.count else { throw Malformed() }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") { _ = try unicodeEscape() }
            }
        }
        throw Malformed()
    }

    /// A string token (a key), unescaped.
    private mutating func string() throws -> String {
        index += 1
        let start = index
        // The common key: no escape, decoded from its bytes at once.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { throw Malformed() }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        var raw = Array(bytes[start..<index])
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Malformed() }
                let escape = bytes[index]
                index += 1
                flush()
                switch escape {
                case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                default: scalars.append(Unicode.Scalar(escape))
                }
            default:
                raw.append(byte)
            }
        }
        throw Malformed()
    }

    /// The scalar of a `\u` escape (its `\u` already read), with a following low surrogate
    /// when it is a high one. A lone surrogate reads as U+FFFD and sends the body to the
    /// full check, whose reader refuses it.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        var unit = try hex4()
        if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
           bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let low = try hex4()
            // Only a low surrogate completes the pair; anything else stands alone.
            if (0xDC00...0xDFFF).contains(low) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else {
                unknown = true
                unit = low
            }
        }
        guard let scalar = Unicode.Scalar(unit) else {
            unknown = true
            return "\u{FFFD}"
        }
        return scalar
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Malformed()
            }
        }
        index += 4
        return value
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09: true
        default: false
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    private static func text(of path: [PathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let position): text += "[\(position)]"
            }
        }
        return text
    }
}
