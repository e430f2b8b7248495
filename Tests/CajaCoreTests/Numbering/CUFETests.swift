@testable import CajaCore
import Foundation
import Testing

@Suite("CUFE")
struct CUFETests {
    static let vector = "FE011000008-PE-3824-00523-2800012017071500000151340010117450183432"

    @Test("the DGI technical sheet's vector parses, verifies and splits into its parts")
    func technicalSheetVector() throws {
        let cufe = try CUFE(parsing: Self.vector)
        #expect(cufe.documentType == "01")
        #expect(cufe.paddedRUC == "000008-PE-3824-00523")
        #expect(cufe.dv == "28")
        #expect(cufe.branch == "0001")
        #expect(cufe.compactDate == "20170715")
        #expect(cufe.number == "0000015134")
        #expect(cufe.pointOfSale == "001")
        #expect(cufe.emissionType == "01")
        #expect(cufe.environment == "1")
        #expect(cufe.securityCode == "745018343")
        #expect(CUFE.checkDigit(of: String(Self.vector.dropFirst(2).dropLast())) == 2)
    }

    @Test("building from the vector's parts gives the vector")
    func buildReproducesVector() throws {
        let built = CUFE(documentType: "01", rucKind: "1", ruc: "8-PE-3824-00523", dv: "28", branch: "0001",
                         compactDate: "20170715", number: try DocumentNumber(15134), pointOfSale: try PointOfSale("001"),
                         emissionType: "01", environment: "1", securityCode: try SecurityCode("745018343"))
        // The sheet pads "8-PE-3824-00523" with zeros to 20 characters.
        #expect(built.value == Self.vector)
    }

    @Test("a hyphen counts as 5 (the second digit of ASCII 45), not skipped")
    func nonDigitsCount() {
        #expect(CUFE.digitValue("-") == 5)
        #expect(CUFE.digitValue("P") == 0)
        #expect(CUFE.digitValue("E") == 9)
        #expect(CUFE.digitValue("7") == 7)
    }

    @Test("the document's CUFE embeds its own data")
    func documentCUFE() throws {
        let document = try Fixtures.offlineInvoice()
        let cufe = try CUFE(parsing: document.cufe.value)
        #expect(cufe.emissionType == "04")
        #expect(cufe.number == "0000000041")
        #expect(cufe.compactDate == "20260314")
        #expect(cufe.securityCode == "745018343")
        #expect(cufe.environment == "2")
    }

    @Test("property: every built CUFE is 66 characters and verifies")
    func builtCUFEsVerify() throws {
        try forAll { rng, _ in
            let cufe = try Self.randomCUFE(&rng)
            #expect(cufe.value.count == 66)
            #expect(try CUFE(parsing: cufe.value) == cufe)
        }
    }

    @Test("property: a single changed character is detected")
    func singleChangeDetected() throws {
        let alphabet = Array("0123456789-PENAVIT")
        try forAll { rng, _ in
            let cufe = try Self.randomCUFE(&rng)
            var chars = Array(cufe.value)
            let position = Int.random(in: 2..<66, using: &rng)
            let original = chars[position]
            // The DGI's check digit sees a character only through its digit value: a change to
            // a character of the same value (e.g. "-" and "5" inside a RUC) is invisible to it
            // by definition, so the property is about changes of value.
            let candidates = alphabet.filter { CUFE.digitValue($0.unicodeScalars.first!) != CUFE.digitValue(original.unicodeScalars.first!) }
            chars[position] = candidates.randomElement(using: &rng)!
            #expect(throws: CajaError.self, "changed position \(position) of \(cufe.value)") {
                try CUFE(parsing: String(chars))
            }
        }
    }

    @Test("malformed CUFEs are refused with a code")
    func malformed() {
        for text in ["", "FE01", String(Self.vector.dropLast()), "XX" + Self.vector.dropFirst(2),
                     Self.vector.replacingOccurrences(of: "-28", with: "x28")] {
            #expect(throws: CajaError.self) { try CUFE(parsing: text) }
        }
        do {
            _ = try CUFE(parsing: String(Self.vector.dropLast()) + "3")
            Issue.record("wrong check digit accepted")
        } catch {
            #expect(error.code == .cufeCheckDigit)
        }
    }

    static func randomCUFE(_ rng: inout SeededGenerator) throws -> CUFE {
        let rucs = ["8-888-8888", "155596713-2-2015", "PE-12-345", "N-1-22", "E-8-123456", "8-NT-1-12", "10-AV-99-1", "PI-123-4"]
        var securityCode = SecurityCode.random(using: &rng)
        if Bool.random(using: &rng) { securityCode = try SecurityCode("000000001") }
        return CUFE(
            documentType: ["01", "04", "06"].randomElement(using: &rng)!, rucKind: ["1", "2"].randomElement(using: &rng)!,
            ruc: rucs.randomElement(using: &rng)!, dv: String(format: "%02d", Int.random(in: 0...99, using: &rng)),
            branch: String(format: "%04d", Int.random(in: 1...9999, using: &rng)),
            compactDate: String(format: "%04d%02d%02d", Int.random(in: 2020...2099, using: &rng),
                                Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng)),
            number: try DocumentNumber(Int64.random(in: DocumentNumber.range, using: &rng)),
            pointOfSale: try PointOfSale(String(format: "%03d", Int.random(in: 1...999, using: &rng))),
            emissionType: ["01", "04"].randomElement(using: &rng)!, environment: ["1", "2"].randomElement(using: &rng)!,
            securityCode: securityCode)
    }
}
