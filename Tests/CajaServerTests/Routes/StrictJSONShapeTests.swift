import CajaCore
@testable import CajaServer
import Foundation
import Testing

/// Issue 16, item 2: a body whose keys are all known skips the re-encode-and-compare check
/// (``KeyShape``, learnt per type). What the strict reader refused before it still refuses
/// once the shape is learnt: unknown fields (with their exact path), repeated keys, lone
/// surrogate escapes; and an explicit null for an absent optional still passes.
@Suite("Strict JSON with learnt key shapes: the same answers after the shortcut (issue 16, item 2)")
struct StrictJSONShapeTests {
    /// A type of its own, so no other test's bodies have taught its shape.
    struct Probe: Codable, Equatable {
        struct Line: Codable, Equatable {
            var code: String
            var quantity: Int
            var note: String?
        }
        var name: String
        var lines: [Line]
        var tag: String?
    }

    static func decode(_ text: String) throws -> Probe {
        try StrictJSON.decode(Probe.self, from: Data(text.utf8))
    }

    static func refusal(_ text: String) -> CajaError? {
        do { _ = try decode(text); return nil } catch let error as CajaError { return error } catch { return nil }
    }

    @Test("the shortcut's answers equal the full check's, before and after the shape is learnt")
    func sameAnswers() throws {
        let good = #"{"name":"a","lines":[{"code":"1","quantity":2},{"code":"2","quantity":1,"note":"x"}],"tag":"t"}"#
        for round in 0..<3 {
            #expect(try Self.decode(good).lines.count == 2, "round \(round)")
            #expect(JSONKeyScanner.scan(Data(good.utf8), shape: .empty) == .needsFullCheck, "an empty shape knows nothing")
            let typo = Self.refusal(#"{"name":"a","lines":[{"code":"1","quantity":2},{"code":"2","quantity":1,"nota":"x"}]}"#)
            #expect(typo?.field == "lines[1].nota" && typo?.code == .invalidRequest, "round \(round): \(String(describing: typo))")
            let top = Self.refusal(#"{"name":"a","lines":[],"colour":"red"}"#)
            #expect(top?.field == "colour", "round \(round)")
            let twice = Self.refusal(#"{"name":"a","lines":[{"code":"1","quantity":2,"code":"9"}]}"#)
            #expect(twice?.field == "lines[0].code" && twice?.detail.contains("twice") == true, "round \(round): \(String(describing: twice))")
            let escaped = Self.refusal(#"{"name":"a","\u006eame":"b","lines":[]}"#)
            #expect(escaped?.field == "name", "a key is compared unescaped, round \(round)")
            #expect(Self.refusal(#"{"name":"\ud800","lines":[]}"#) != nil, "a lone surrogate in a known field, round \(round)")
            #expect(Self.refusal(#"{"name":"\udc00x","lines":[]}"#) != nil, "a lone low surrogate, round \(round)")
            #expect(try Self.decode(#"{"name":"\ud83d\ude00","lines":[],"tag":null,"other":null}"#).name == "😀",
                    "a surrogate pair and explicit nulls pass, round \(round)")
        }
    }

    @Test("a learnt shape answers 'known' for a body of known keys, and holds only keys the type has")
    func learnt() throws {
        let body = #"{"name":"b","lines":[{"code":"1","quantity":2,"note":"n"}],"tag":"t"}"#
        _ = try Self.decode(body)
        var shape = KeyShape()
        shape.learn(try JSONSerialization.jsonObject(with: StrictJSON.encoder.encode(try Self.decode(body))))
        #expect(JSONKeyScanner.scan(Data(body.utf8), shape: shape) == .known)
        #expect(Set(shape.fields.keys) == ["name", "lines", "tag"] && Set(shape.fields["lines"]?.items.first?.fields.keys ?? [:].keys) == ["code", "quantity", "note"])
        #expect(JSONKeyScanner.scan(Data(#"{"name":"b","lines":[{"code":"1","qty":2}]}"#.utf8), shape: shape) == .needsFullCheck)
        #expect(JSONKeyScanner.scan(Data(#"{"a":[{"b":1},{"b":2,"b":3}]}"#.utf8), shape: .empty) == .duplicate("a[1].b"))
    }
}
