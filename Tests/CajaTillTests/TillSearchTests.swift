import CajaCore
@testable import CajaTill
import Foundation
import Testing

/// The till's search by name compares folded UTF-8 bytes (fast over 50,000 products); it
/// must find what the folded text contains and nothing else.
@Suite("The till's product search")
struct TillSearchTests {
    func matches(_ name: String, _ query: String) -> Bool {
        let text = Array(TillService.fold(name).utf8)
        return TillService.fold(query).split(separator: " ").allSatisfy { TillService.contains(text, Array($0.utf8)) }
    }

    @Test("Every word typed is found anywhere in the name, accents and case ignored; a word not there is not")
    func byteSearch() {
        #expect(matches("Café molido Durán 1 lb 7504", "CAFE duran"))
        #expect(matches("Café molido Durán 1 lb 7504", "lb"))
        #expect(matches("Café molido Durán 1 lb 7504", "750"))
        #expect(matches("Piña en almíbar", "piña"))
        #expect(matches("Piña en almíbar", "pina almibar"))
        #expect(!matches("Café molido", "cafes"))
        #expect(!matches("Café molido", "molido arroz"))
        #expect(!matches("Té", "tea"))
        #expect(!matches("", "a"))
    }

    static let issuer = Issuer(
        taxID: TaxpayerID(kind: .legalEntity, ruc: "155596713-2-2015", dv: "59"), name: "Abarrotes La Esquina, S.A.",
        branch: "0001", coordinates: "+8.9824,-79.5199", address: "Calle 50, Local 3",
        location: Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMÁ", province: "PANAMÁ"),
        phones: ["507-1234"], environment: .test)

    @Test("14.3 (Scale): a delta applied to the index gives the index a rebuild from the changed catalog gives, for any changes")
    func deltaEqualsRebuild() {
        var seed: UInt64 = 14
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        let names = ["Café", "Arroz", "Leche", "Pan", "Jabón", "Atún", "Piña"]
        func product(_ code: String) -> Product {
            Product(code: code, name: "\(names[next() % names.count]) \(next() % 100)", price: Money(cents: Int64(next() % 1000)),
                    rate: .general, barcode: next() % 3 == 0 ? "77\(next() % 50)" : nil)
        }
        for _ in 0..<200 {
            var catalog: [String: Product] = [:]
            for _ in 0..<(next() % 30) { let code = "P\(next() % 40)"; catalog[code] = product(code) }
            let index = TillService.index(CatalogResponse(companyID: UUID(), issuer: Self.issuer, pointsOfSale: ["001"],
                                                          products: catalog.values.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }))
            var changed: [String: Product] = [:]
            var removed = Set<String>()
            for _ in 0..<(next() % 6) {
                let code = "P\(next() % 45)"
                if next() % 3 == 0, catalog[code] != nil { removed.insert(code) } else { changed[code] = product(code) }
            }
            removed.subtract(changed.keys)
            var after = catalog
            for (code, value) in changed { after[code] = value }
            for code in removed { after[code] = nil }
            let rebuilt = TillService.index(CatalogResponse(companyID: UUID(), issuer: Self.issuer, pointsOfSale: ["001"],
                                                            products: after.values.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }))
            let applied = TillService.applying(Array(changed.values), removed: Array(removed), to: index.1)
            #expect(applied.map(\.product) == rebuilt.1.map(\.product))
            #expect(applied.map(\.folded) == rebuilt.1.map(\.folded))
            #expect(TillService.byCode(applied.map(\.product)) == rebuilt.0)
        }
    }
}
