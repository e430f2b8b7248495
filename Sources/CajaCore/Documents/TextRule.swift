/// Checks free text typed by people (names, descriptions, reasons) before it reaches a
/// document: length in Unicode scalars, as the XSD counts characters (a decomposed "é"
/// counts 2 there too), and no control characters
/// (they cannot round-trip through XML 1.0 and have no place on a receipt).
enum TextRule {
    static func check(_ text: String, field: String, length: ClosedRange<Int>) throws(CajaError) {
        let count = text.unicodeScalars.count
        guard length.contains(count) else {
            throw CajaError(.invalidText, field: field,
                            "must have \(length.lowerBound)-\(length.upperBound) characters, has \(count)")
        }
        try checkCharacters(text, field: field)
    }

    static func checkCharacters(_ text: String, field: String) throws(CajaError) {
        let control = text.unicodeScalars.first { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0xFFFE || $0.value == 0xFFFF }
        if let control {
            throw CajaError(.invalidText, field: field, "contains control character U+\(String(control.value, radix: 16, uppercase: true))")
        }
        if text.first?.isWhitespace == true || text.last?.isWhitespace == true {
            throw CajaError(.invalidText, field: field, "must not start or end with spaces")
        }
    }

    /// Checks a code or identifier (a product code, a device name, a user name): the rules of
    /// free text, and no invisible or direction-changing character (Unicode format
    /// characters, category Cf, such as U+202E RIGHT-TO-LEFT OVERRIDE or U+200F RIGHT-TO-LEFT
    /// MARK). Such a character makes two codes that look the same compare different, or a code
    /// display as another one (issue 13, item 4).
    static func checkCode(_ text: String, field: String, length: ClosedRange<Int>) throws(CajaError) {
        try check(text, field: field, length: length)
        if let hidden = text.unicodeScalars.first(where: { $0.properties.generalCategory == .format }) {
            throw CajaError(.invalidText, field: field,
                            "contains the invisible or direction character U+\(String(hidden.value, radix: 16, uppercase: true))")
        }
    }
}
