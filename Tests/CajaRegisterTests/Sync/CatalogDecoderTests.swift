@testable import CajaRegister
import CajaCore
import Foundation
import Testing

/// Issue 14, Scale: the register reads a catalog's products by hand (a first download of
/// 50,000); it must read exactly what JSONDecoder reads, and leave anything else to it.
@Suite("The register's catalog decoder")
struct CatalogDecoderTests {
    static let issuer = CatalogCacheTests.issuer

    /// Text with every character class JSON escaping distinguishes.
    static func text(_ next: () -> Int) -> String {
        let pieces = ["a", "Z", "7", " ", "\"", "\\", "/", "\u{7F}", "ñ", "Á", "€", "😀", "\u{2028}", "\u{FEFF}", "\t", "\n", "\r",
                      "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}", "e\u{301}", "<", "'"]
        return (0..<(next() % 10)).map { _ in pieces[next() % pieces.count] }.joined()
    }

    static func same(_ fast: CatalogResponse, _ slow: CatalogResponse) -> Bool {
        fast.products == slow.products && fast.companyID == slow.companyID && fast.issuer == slow.issuer && fast.pointsOfSale == slow.pointsOfSale
            && fast.version == slow.version && fast.delta == slow.delta && fast.since == slow.since && fast.removed == slow.removed
    }

    @Test("14.3 (Scale): for any catalog, whole or delta, sorted, unsorted or pretty-printed, the hand parser reads what JSONDecoder reads")
    func sameAsDecoder() throws {
        var seed: UInt64 = 14
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        let encoders: [JSONEncoder] = [WireJSON.encoder, JSONEncoder(), {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return encoder
        }()]
        for round in 0..<300 {
            let products = (0..<(next() % 8)).map { _ in
                Product(code: Self.text(next), name: Self.text(next), price: Money(cents: Int64(next() % 10_000_000)),
                        rate: ITBMSRate.allCases[next() % 4], barcode: next() % 2 == 0 ? Self.text(next) : nil,
                        unit: next() % 2 == 0 ? Self.text(next) : nil)
            }
            var catalog = CatalogResponse(companyID: UUID(), issuer: Self.issuer, pointsOfSale: ["001", Self.text(next)], products: products,
                                          version: round % 5 == 0 ? nil : "3.\(round).\(UUID().uuidString)")
            if round % 3 == 0 {
                catalog = .changes(companyID: catalog.companyID, issuer: catalog.issuer, pointsOfSale: catalog.pointsOfSale, changed: products,
                                   removed: [Self.text(next)], since: Self.text(next), version: catalog.version ?? "1.1.x")
            }
            let data = try encoders[round % encoders.count].encode(catalog)
            let fast = try data.withUnsafeBytes { try CatalogDecoder.fastDecode($0) }
            #expect(Self.same(fast, try WireJSON.decoder.decode(CatalogResponse.self, from: data)), "round \(round): \(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("14.3 (Scale): escapes, nulls and unknown fields are read as JSONDecoder reads them; anything else goes to JSONDecoder, which reads it or names the error")
    func edges() throws {
        let head = #"{"companyID":"6F9619FF-8B86-D011-B42D-00CF4FC964FF","issuer":\#(String(decoding: try WireJSON.encoder.encode(Self.issuer), as: UTF8.self)),"pointsOfSale":["001"],"#
        let escaped = head + #""products":[{"code":"\u0041\/1","name":"Caf\u00e9 \ud83d\ude00 \"x\"","price":"1.5","rate":"01","barcode":null,"extra":{"a":[true,false,null]}}]}"#
        let fast = try Data(escaped.utf8).withUnsafeBytes { try CatalogDecoder.fastDecode($0) }
        #expect(fast.products == [Product(code: "A/1", name: "Café 😀 \"x\"", price: Money(cents: 150), rate: .general)])
        #expect(Self.same(fast, try WireJSON.decoder.decode(CatalogResponse.self, from: Data(escaped.utf8))))

        // Shapes the hand parser leaves to JSONDecoder: a number in an unknown field (read), a
        // lone surrogate, a key twice, a bad price, text after the end, no products (errors).
        let number = head + #""products":[{"code":"1","name":"n","price":"1.00","rate":"00","weight":1.5}]}"#
        #expect(throws: (any Error).self) { try Data(number.utf8).withUnsafeBytes { try CatalogDecoder.fastDecode($0) } }
        #expect(try CatalogDecoder.decode(Data(number.utf8)).products.first?.code == "1")
        for broken in [head + #""products":[{"code":"\ud83d","name":"n","price":"1.00","rate":"00"}]}"#,
                       head + #""products":[{"code":"1","code":"2","name":"n","price":"1.00","rate":"00"}]}"#,
                       head + #""products":[{"code":"1","name":"n","price":"1.001","rate":"00"}]}"#,
                       head + #""products":[{"code":"1","name":"n","price":"1.00","rate":"07"}]}"#,
                       head + #""products":[]} x"#, head + #""version":"1"}"#, "", "[]"] {
            #expect(throws: (any Error).self, "\(broken)") { try Data(broken.utf8).withUnsafeBytes { try CatalogDecoder.fastDecode($0) } }
            let slow = Result { try WireJSON.decoder.decode(CatalogResponse.self, from: Data(broken.utf8)) }
            let decoded = Result { try CatalogDecoder.decode(Data(broken.utf8)) }
            switch (slow, decoded) {
            case (.success(let slow), .success(let decoded)): #expect(Self.same(decoded, slow), "\(broken)")
            case (.failure, .failure): break
            default: Issue.record("the decoder and JSONDecoder disagree on \(broken)")
            }
        }
    }
}
