import CajaCore
import Foundation

/// Reads `GET /v1/catalog`'s answer with the products parsed by hand: a supermarket's first
/// download is 50,000 products (~6 MB), and JSONDecoder spends most of the register's part of
/// it on them (issue 14, Scale). Everything but the products (issuer, points, versions) still
/// goes through ``WireJSON/decoder``. Anything the hand parser does not expect — another
/// shape, a number where a string goes, a key twice, invalid UTF-8, text after the end — makes
/// it give the whole answer to ``WireJSON/decoder`` instead, which reads it or names the error:
/// the fast path only ever answers what the decoder would.
package enum CatalogDecoder {
    package static func decode(_ data: Data) throws -> CatalogResponse {
        if let fast = try? data.withUnsafeBytes({ bytes in try fastDecode(bytes) }) { return fast }
        return try WireJSON.decoder.decode(CatalogResponse.self, from: data)
    }

    struct Unexpected: Error {}

    static func fastDecode(_ bytes: UnsafeRawBufferPointer) throws -> CatalogResponse {
        var scanner = Scanner(bytes: bytes)
        var others: [UInt8] = [UInt8(ascii: "{")]
        var products: [Product]?
        var seen = Set<String>()
        try scanner.expect(UInt8(ascii: "{"))
        if try !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                let keyStart = scanner.index
                let key = try scanner.string()
                guard seen.insert(key).inserted else { throw Unexpected() }
                let keyEnd = scanner.index
                try scanner.expect(UInt8(ascii: ":"))
                if key == "products" {
                    products = try scanner.products()
                } else {
                    let valueStart = scanner.skipWhitespaceIndex()
                    try scanner.skipValue()
                    if others.count > 1 { others.append(UInt8(ascii: ",")) }
                    others.append(contentsOf: bytes[keyStart..<keyEnd])
                    others.append(UInt8(ascii: ":"))
                    others.append(contentsOf: bytes[valueStart..<scanner.index])
                }
            } while try scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"))
        }
        guard scanner.atEnd(), let products else { throw Unexpected() }
        others.append(contentsOf: Array((others.count > 1 ? ",\"products\":[]}" : "\"products\":[]}").utf8))
        var catalog = try WireJSON.decoder.decode(CatalogResponse.self, from: Data(others))
        catalog.products = products
        return catalog
    }

    /// A cursor over JSON text that understands just what a catalog needs; it throws
    /// ``Unexpected`` at anything else.
    struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func skipWhitespaceIndex() -> Int {
            skipWhitespace()
            return index
        }

        mutating func atEnd() -> Bool {
            skipWhitespace()
            return index == bytes.count
        }

        mutating func consume(_ byte: UInt8) throws -> Bool {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func expect(_ byte: UInt8) throws {
            guard try consume(byte) else { throw Unexpected() }
        }

        mutating func consumeNull() -> Bool {
            skipWhitespace()
            guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
                  bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
            index += 4
            return true
        }

        /// A string value; its escapes decoded, its UTF-8 validated.
        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) else {
                        throw Unexpected()
                    }
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
                guard byte >= 0x20 else { throw Unexpected() }
                index += 1
            }
            throw Unexpected()
        }

        /// The rest of a string with escapes, its first `index - start` bytes plain.
        private mutating func escapedString(from start: Int) throws -> String {
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw Unexpected() }
                    return text
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { throw Unexpected() }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                    default: throw Unexpected()
                    }
                default:
                    guard byte >= 0x20 else { throw Unexpected() }
                    out.append(byte)
                }
            }
            throw Unexpected()
        }

        /// `\uXXXX` (after the `u`), a surrogate pair as one scalar; a lone surrogate is unexpected.
        private mutating func unicodeEscape() throws -> [UInt8] {
            var value = try hex4()
            if (0xD800...0xDBFF).contains(value) {
                guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Unexpected()
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Unexpected() }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw Unexpected() }
            return Array(String(Character(scalar)).utf8)
        }

        private mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw Unexpected() }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw Unexpected()
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        /// Steps over any value; only strings, objects, arrays and the words true, false and null
        /// (a number is unexpected: a catalog has none, and the decoder reads them exactly).
        mutating func skipValue() throws {
            skipWhitespace()
            guard index < bytes.count else { throw Unexpected() }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                _ = try string()
            case UInt8(ascii: "{"):
                index += 1
                if try consume(UInt8(ascii: "}")) { return }
                repeat {
                    _ = try string()
                    try expect(UInt8(ascii: ":"))
                    try skipValue()
                } while try consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                index += 1
                if try consume(UInt8(ascii: "]")) { return }
                repeat { try skipValue() } while try consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
            default:
                for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
                    index += word.utf8.count
                    return
                }
                throw Unexpected()
            }
        }

        /// The products array: objects with the string fields of ``Product`` (barcode and unit
        /// may be absent or null), other keys stepped over.
        mutating func products() throws -> [Product] {
            try expect(UInt8(ascii: "["))
            var products: [Product] = []
            if try consume(UInt8(ascii: "]")) { return products }
            repeat { products.append(try product()) } while try consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return products
        }

        mutating func product() throws -> Product {
            try expect(UInt8(ascii: "{"))
            var code: String?, name: String?, price: String?, rate: String?, barcode: String?, unit: String?
            var seen: UInt8 = 0   // one bit per field read: a field twice is unexpected
            if try !consume(UInt8(ascii: "}")) {
                repeat {
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    var bit: UInt8 = 0
                    switch key {
                    case "code": bit = 1; code = try string()
                    case "name": bit = 2; name = try string()
                    case "price": bit = 4; price = try string()
                    case "rate": bit = 8; rate = try string()
                    case "barcode": bit = 16; barcode = consumeNull() ? nil : try string()
                    case "unit": bit = 32; unit = consumeNull() ? nil : try string()
                    default: try skipValue()
                    }
                    guard seen & bit == 0 else { throw Unexpected() }
                    seen |= bit
                } while try consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            }
            guard let code, let name, let price, let amount = Money(price), let rate, let parsed = ITBMSRate(rawValue: rate) else {
                throw Unexpected()
            }
            return Product(code: code, name: name, price: amount, rate: parsed, barcode: barcode, unit: unit)
        }
    }
}
