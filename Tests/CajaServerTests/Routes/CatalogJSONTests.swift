import CajaCore
@testable import CajaServer
import Foundation
import NIOCore
import Testing

/// Issue 14, Scale: `GET /v1/catalog` writes its products by hand (the first download of
/// 50,000 products); the bytes must be the encoder's, for any text a product may hold.
@Suite("The catalog's JSON")
struct CatalogJSONTests {
    static let issuer = Issuer(
        taxID: TaxpayerID(kind: .legalEntity, ruc: "155596713-2-2015", dv: "59"), name: "Abarrotes \"La Esquina\", S.A.",
        branch: "0001", coordinates: "+8.9824,-79.5199", address: "Calle 50 / Local 3",
        location: Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMÁ", province: "PANAMÁ"),
        phones: ["507-1234"], environment: .test)

    /// Text with every character class the escaping distinguishes.
    static func text(_ next: () -> Int) -> String {
        let pieces = ["a", "Z", "7", " ", "\"", "\\", "/", "\u{7F}", "ñ", "Á", "€", "😀", "\u{2028}", "\u{2029}", "\u{FEFF}", "\t", "\n", "\r",
                      "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}", "\u{1B}", "e\u{301}", "<", ">", "&", "'"]
        return (0..<(next() % 12)).map { _ in pieces[next() % pieces.count] }.joined()
    }

    @Test("14.3 (Scale): the hand-written catalog is byte for byte what the encoder writes, whole or delta, for any product text")
    func sameBytes() throws {
        var seed: UInt64 = 14
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        for round in 0..<300 {
            let products = (0..<(next() % 8)).map { _ in
                Product(code: Self.text(next), name: Self.text(next), price: Money(cents: Int64(next() % 10_000_000_000) - (round % 7 == 0 ? 5 : 0)),
                        rate: ITBMSRate.allCases[next() % 4], barcode: next() % 2 == 0 ? Self.text(next) : nil,
                        unit: next() % 2 == 0 ? Self.text(next) : nil)
            }
            var catalog = CatalogResponse(companyID: UUID(), issuer: Self.issuer, pointsOfSale: ["001", Self.text(next)], products: products,
                                          version: round % 5 == 0 ? nil : "3.\(round).\(UUID().uuidString)")
            if round % 3 == 0 {
                catalog = .changes(companyID: catalog.companyID, issuer: catalog.issuer, pointsOfSale: catalog.pointsOfSale, changed: products,
                                   removed: [Self.text(next)], since: Self.text(next), version: catalog.version ?? "1.1.x")
            }
            if round % 11 == 0 { catalog.delta = false }
            let expected = try StrictJSON.encoder.encode(catalog)
            let written = Data(buffer: try CatalogJSON.encode(catalog))
            #expect(written == expected, "round \(round):\n\(String(decoding: written, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
        }
    }
}
