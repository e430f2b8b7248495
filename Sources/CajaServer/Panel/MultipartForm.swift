import CajaCore
import Foundation

/// A `multipart/form-data` body (RFC 7578) as a browser sends a form with a file: the
/// certificate upload of *Configuración › Certificado*. Strict and small: the body must
/// start with the boundary and end with the closing one, every part names its field once
/// in a `Content-Disposition: form-data` header, headers are bounded, at most
/// ``maximumParts`` parts. Anything else is a 400 (`INVALID_REQUEST`), never a crash.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var content: [UInt8]
    }

    static let maximumParts = 16
    static let maximumHeaderBytes = 2048

    var parts: [Part]

    /// The text fields (parts without a file name), as UTF-8.
    var fields: [String: String] {
        var fields: [String: String] = [:]
        for part in parts where part.filename == nil { fields[part.name] = String(decoding: part.content, as: UTF8.self) }
        return fields
    }

    /// The bytes of field `name` (a file or a text), nil when absent or empty.
    func content(_ name: String) -> [UInt8]? {
        parts.first { $0.name == name && !$0.content.isEmpty }?.content
    }

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(ofContentType contentType: String) throws(CajaError) -> String {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else {
            throw CajaError(.unsupportedMediaType, "send the form as multipart/form-data")
        }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count), value.allSatisfy({ $0.isASCII && $0 != "\r" && $0 != "\n" }) else { break }
            return value
        }
        throw invalid("the multipart form has no valid boundary")
    }

    static func parse(_ body: [UInt8], contentType: String) throws(CajaError) -> MultipartForm {
        let delimiter = Array("--\(try boundary(ofContentType: contentType))".utf8)
        let crlf: [UInt8] = [13, 10]
        guard body.starts(with: delimiter) else { throw invalid("the multipart form does not start with its boundary") }
        var position = delimiter.count
        var parts: [Part] = []
        while true {
            if body[position...].starts(with: [45, 45]) {   // "--": the closing delimiter
                return MultipartForm(parts: parts)
            }
            guard body[position...].starts(with: crlf) else { throw invalid("a multipart boundary is not followed by a line end") }
            position += 2
            guard parts.count < maximumParts else { throw invalid("the multipart form has more than \(maximumParts) parts") }
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position), headerEnd - position <= maximumHeaderBytes else {
                throw invalid("a multipart part has no end of headers")
            }
            let (name, filename) = try disposition(Array(body[position..<headerEnd]))
            guard !parts.contains(where: { $0.name == name }) else { throw invalid("field '\(name)' appears twice", field: name) }
            let contentStart = headerEnd + 4
            guard let contentEnd = find(crlf + delimiter, in: body, from: contentStart) else {
                throw invalid("a multipart part is not closed by the boundary")
            }
            parts.append(Part(name: name, filename: filename, content: Array(body[contentStart..<contentEnd])))
            position = contentEnd + 2 + delimiter.count
        }
    }

    /// The field name and file name of a part's headers (`Content-Disposition: form-data;
    /// name="…"; filename="…"`); other headers (`Content-Type`) are allowed and ignored.
    private static func disposition(_ header: [UInt8]) throws(CajaError) -> (String, String?) {
        guard let text = String(validating: header, as: UTF8.self) else { throw invalid("a multipart header is not UTF-8") }
        var result: (String, String?)?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else { throw invalid("a multipart header line has no ':'") }
            guard line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            guard result == nil else { throw invalid("a multipart part has two Content-Disposition headers") }
            let items = splitParameters(String(line[line.index(after: colon)...]))
            guard items.first?.lowercased() == "form-data" else { throw invalid("a multipart part is not form-data") }
            var parameters: [String: String] = [:]
            for item in items.dropFirst() {
                guard let equals = item.firstIndex(of: "=") else { throw invalid("a Content-Disposition parameter has no value") }
                var value = String(item[item.index(after: equals)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                parameters[item[..<equals].lowercased()] = value
            }
            guard let name = parameters["name"], !name.isEmpty, name.count <= 100 else {
                throw invalid("a multipart part has no field name")
            }
            result = (name, parameters["filename"])
        }
        guard let result else { throw invalid("a multipart part has no Content-Disposition header") }
        return result
    }

    /// `form-data; name="a;b"` split at the semicolons outside quotes, each item trimmed.
    private static func splitParameters(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }

    /// The index of the first `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func invalid(_ detail: String, field: String? = nil) -> CajaError {
        CajaError.invalidRequest(detail, field: field ?? "archivo")
    }
}
