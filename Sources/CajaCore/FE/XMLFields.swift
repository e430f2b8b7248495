import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The text of every leaf element of an XML document, by its path of local names
/// ("rFE/gDGen/iTpEmis"), in document order. Enough to read the DGI's flat messages without
/// a DOM; namespaces are ignored (each message uses one).
public struct XMLFields: Sendable {
    public private(set) var values: [(path: String, text: String)] = []

    public init(parsing xml: String) throws(CajaError) {
        let collector = Collector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = collector
        guard parser.parse() else {
            throw CajaError(.invalidXML, field: "xml", "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        values = collector.values
    }

    /// The first value at `path`.
    public func first(_ path: String) -> String? { values.first { $0.path == path }?.text }

    /// Every value at `path`.
    public func all(_ path: String) -> [String] { values.filter { $0.path == path }.map(\.text) }

    /// The first value whose path ends with `suffix` (for messages wrapped in envelopes).
    public func first(endingWith suffix: String) -> String? {
        values.first { $0.path == suffix || $0.path.hasSuffix("/" + suffix) }?.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var values: [(path: String, text: String)] = []
        var stack: [String] = []
        var text = ""
        var hadChild: [Bool] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if !hadChild.isEmpty { hadChild[hadChild.count - 1] = true }
            stack.append(elementName)
            hadChild.append(false)
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if hadChild.last == false { values.append((stack.joined(separator: "/"), text)) }
            stack.removeLast()
            hadChild.removeLast()
            text = ""
        }
    }
}
