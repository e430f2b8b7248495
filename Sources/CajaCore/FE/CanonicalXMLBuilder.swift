/// Writes XML directly in its Canonical XML 1.0 form (C14N, without comments): no
/// self-closing tags, no whitespace between elements, attributes written in sorted order by
/// the caller, and text escaped exactly as C14N escapes it. Because the output already is
/// canonical, the bytes written are the bytes that get digested and signed.
struct CanonicalXMLBuilder {
    private(set) var output = ""

    init() { output.reserveCapacity(4096) }

    /// Continues from text that is already canonical.
    init(raw: String) { output = raw }

    /// `<name attr="value"...>`; attributes must be given in C14N order (namespace
    /// declarations first, then attributes by name).
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        output += "<"
        output += name
        for (key, value) in attributes {
            output += " \(key)=\""
            output += Self.escapeAttribute(value)
            output += "\""
        }
        output += ">"
    }

    mutating func close(_ name: String) {
        output += "</"
        output += name
        output += ">"
    }

    /// `<name>text</name>` with the text escaped.
    mutating func element(_ name: String, _ text: String) {
        open(name)
        output += Self.escapeText(text)
        close(name)
    }

    /// An element with children written by `body`.
    mutating func group(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ body: (inout CanonicalXMLBuilder) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    mutating func raw(_ canonicalXML: String) { output += canonicalXML }

    /// C14N text escaping: `&`, `<`, `>` and carriage return. Quotes stay literal.
    static func escapeText(_ text: String) -> String {
        text.replacingBytes { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\r"): "&#xD;"
            default: nil
            }
        }
    }

    /// C14N attribute escaping: `&`, `<`, `"`, tab, newline, carriage return.
    static func escapeAttribute(_ text: String) -> String {
        text.replacingBytes { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "\t"): "&#x9;"
            case UInt8(ascii: "\n"): "&#xA;"
            case UInt8(ascii: "\r"): "&#xD;"
            default: nil
            }
        }
    }
}
