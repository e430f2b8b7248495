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
}
