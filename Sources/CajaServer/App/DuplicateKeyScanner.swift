import Foundation

/// Finds the first object key that appears twice in a JSON text (issue 13, item 4).
///
/// Foundation's decoder keeps one of two equal keys silently, and other tools keep the other
/// one (`{"unitPrice":"0.01","unitPrice":"5.99"}` stored 0.01 where most parsers read 5.99),
/// so a body with a repeated key means different things to different readers: it is refused.
/// Keys are compared after unescaping (`"a"` and `"\u0061"` are the same key). The scanner
/// only walks the structure; whether the text is valid JSON is the decoder's call, so on
/// malformed input it simply answers nil.
struct DuplicateKeyScanner {
    private let bytes: [UInt8]
    private var index = 0

    /// The path of the first repeated key (`lines[0].unitPrice`), or nil.
    static func firstDuplicate(in data: Data) -> String? {
        var scanner = DuplicateKeyScanner(bytes: [UInt8](data))
        return (try? scanner.value(path: "")) ?? nil
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private struct Malformed: Error {}

    private mutating func value(path: String) throws -> String? {
        skipWhitespace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(path: path)
        case UInt8(ascii: "["): return try array(path: path)
        case UInt8(ascii: "\""): _ = try string(); return nil
        default:
            // A number, true, false or null: up to the next delimiter.
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                index += 1
            }
            return nil
        }
    }

    private mutating func object(path: String) throws -> String? {
        index += 1
        var keys: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return nil }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
            let key = try string()
            let child = path.isEmpty ? key : "\(path).\(key)"
            guard keys.insert(key).inserted else { return child }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Malformed() }
            index += 1
            if let found = try value(path: child) { return found }
            skipWhitespace()
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw Malformed() }
            index += 1
            return nil
        }
    }

    private mutating func array(path: String) throws -> String? {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return nil }
        var position = 0
        while true {
            if let found = try value(path: "\(path)[\(position)]") { return found }
            position += 1
            skipWhitespace()
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw Malformed() }
            index += 1
            return nil
        }
    }

    /// A string token, unescaped.
    private mutating func string() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
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
                case UInt8(ascii: "u"):
                    var unit = try hex4()
                    if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        // Only a low surrogate completes the pair; anything else stands alone.
                        if (0xDC00...0xDFFF).contains(low) {
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalars.append("\u{FFFD}")
                            unit = low
                        }
                    }
                    scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
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

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw Malformed()
        }
        index += 4
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }
}
