@testable import CajaCore
import Foundation
import Testing

/// Issue 16, item 2: the XML writer's escaping, the QR's base64url and the signer's tag search
/// work on UTF-8 bytes; their answers are the ones the scalar-by-scalar and Foundation
/// versions gave, accents and emoji beside the bytes they change.
@Suite("Text by bytes: escaping, base64url, tag search")
struct ByteTextTests {
    /// The C14N escaping as it was written before, scalar by scalar.
    static func escapedByScalars(_ text: String, _ table: [Unicode.Scalar: String]) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if let replacement = table[scalar] { result += replacement } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    static let textTable: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"]
    static let attributeTable: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", "\"": "&quot;", "\t": "&#x9;", "\n": "&#xA;", "\r": "&#xD;"]

    @Test("escapeText and escapeAttribute equal the scalar-by-scalar escaping, on fixed and random texts")
    func escaping() {
        var texts = ["", "Arroz", "Café & Té <1 kg>", "ñ\r\n\t\"x\"'", "😀&😀", "&&&", "<", "a>b", "Ñandú \"rojo\"; 1 gal"]
        let pieces = ["a", "é", "&", "<", ">", "\"", "'", "\r", "\n", "\t", "😀", " ", "ü"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            texts.append((0..<Int.random(in: 0...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            #expect(CanonicalXMLBuilder.escapeText(text) == Self.escapedByScalars(text, Self.textTable), "«\(text)»")
            #expect(CanonicalXMLBuilder.escapeAttribute(text) == Self.escapedByScalars(text, Self.attributeTable), "«\(text)»")
        }
    }

    @Test("base64url has no +, / or = and decodes back to the bytes")
    func base64URL() {
        for length in 0..<70 {
            let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) })
            let encoded = QRCode.base64URL(data)
            #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
            var standard = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
            #expect(Data(base64Encoded: standard) == data, "length \(length)")
        }
    }

    @Test("byteRange finds what range(of:) finds, in a whole text and in a part of it, after multi-byte characters")
    func search() {
        let text = "<?xml?><rFE>Ñandú 😀 <dQRCode>a&amp;b</dQRCode><gNoFirm><dQRCode>x</dQRCode></gNoFirm></rFE>"
        for needle in ["<gNoFirm>", "<dQRCode>", "</dQRCode>", "<rFE>", "</rFE>", "<Signature", "😀", "a"] {
            #expect(text.byteRange(of: needle) == text.range(of: needle), "\(needle)")
            if let tail = text.range(of: "<gNoFirm>") {
                #expect(text.byteRange(of: needle, in: tail.upperBound..<text.endIndex) == text.range(of: needle, range: tail.upperBound..<text.endIndex),
                        "\(needle) after gNoFirm")
            }
            let part = text[text.index(text.startIndex, offsetBy: 14)...]
            #expect(part.byteRange(of: needle) == part.range(of: needle), "\(needle) in a substring")
        }
        #expect("abc".byteRange(of: "abcd") == nil && "".byteRange(of: "a") == nil)
    }
}
