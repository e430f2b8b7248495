@testable import CajaCore
import Foundation
import Testing

/// Issue 16: ``JSONMembers`` cuts an object into its members' byte ranges without decoding,
/// for the register's sync upload and journal pruning. Each member must be exactly its value's
/// text, and anything whose structure is broken must be refused, never cut at a wrong place.
@Suite("An object's members found by one pass over its bytes")
struct JSONMembersTests {
    func members(_ text: String) throws -> [String: String] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            let found = try JSONMembers.of(raw, in: 0..<raw.count)
            #expect(Set(found.map(\.key)).count == found.count)
            return Dictionary(uniqueKeysWithValues: found.map { ($0.key, String(decoding: bytes[$0.value], as: UTF8.self)) })
        }
    }

    @Test("values of every kind, with brackets, quotes and escapes inside strings and whitespace around")
    func kinds() throws {
        let text = #" { "a" : "x}]\"\\{" , "b":{"c":[1,{"d":"]"}],"e":{}},"f":[],"g":-1.5e3,"h":true , "i":null,"j":"ñ😀" } "#
        #expect(try members(text) == ["a": #""x}]\"\\{""#, "b": #"{"c":[1,{"d":"]"}],"e":{}}"#, "f": "[]", "g": "-1.5e3",
                                      "h": "true", "i": "null", "j": "\"ñ😀\""])
        #expect(try members("{}").isEmpty)
    }

    @Test("broken structure is refused, never cut: unclosed strings and containers, mismatched brackets, missing values, text after the end, escaped keys, raw control characters")
    func malformed() {
        for text in [#"{"a":"x}"#, #"{"a":[1,2}"#, #"{"a":{"b":1]}"#, #"{"a":1} x"#, #"{"a" 1}"#, #"{"a":}"#, #"{"\u0061":1}"#,
                     "{\"a\":\"x\ny\"}", #"{"a":1,}"#, #"["a"]"#, "", #"{"a":1"#, #"{"a":"\"#] {
            #expect(throws: JSONMembers.Malformed.self, "\(text)") { _ = try members(text) }
        }
    }

    @Test("a stored document's members are its parts exactly as the encoder writes them")
    func documentParts() throws {
        for document in [try Fixtures.offlineInvoice(), try Fixtures.onlineTaxpayerInvoice(), try Fixtures.offlineGenericCreditNote()] {
            let parts = try members(String(decoding: document.wireJSON, as: UTF8.self))
            #expect(Set(parts.keys) == ["cufe", "draft", "issuance", "issuer"])
            #expect(parts["draft"] == String(decoding: try WireJSON.encoder.encode(document.draft), as: UTF8.self))
            #expect(parts["issuance"] == String(decoding: try WireJSON.encoder.encode(document.issuance), as: UTF8.self))
            #expect(parts["cufe"] == "\"\(document.cufe.value)\"")
            let draft = try members(try #require(parts["draft"]))
            #expect(draft["id"] == "\"\(document.id.uuidString)\"")
        }
    }
}
