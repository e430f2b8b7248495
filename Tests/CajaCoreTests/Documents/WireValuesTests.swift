import CajaCore
import Foundation
import Testing

/// The fixed sets travel as enums with the raw values the contract always had, and their
/// Spanish names live in one place.
@Suite("Typed values on the wire")
struct WireValuesTests {
    @Test("the enums' raw values are the JSON contract's strings")
    func rawValues() throws {
        #expect(DGIState.allCases.map(\.rawValue) == ["pending", "sent", "authorized", "rejected", "unsigned", "certificateExpired"])
        #expect(Emission.allCases.map(\.rawValue) == ["normal", "contingency"])
        #expect(Role.allCases.map(\.rawValue) == ["admin", "supervisor", "cashier"])
        #expect(DocumentType.allCases.map(\.rawValue) == ["01", "04", "06"])
        let summary = DocumentSummary(id: UUID(), type: .genericCreditNote, number: 7, point: "001", cufe: "x", emission: .contingency,
                                      total: Money(cents: 125), issuedAt: "2026-03-14T10:00:00-05:00", dgiStatus: .authorized)
        let object = try #require(try JSONSerialization.jsonObject(with: WireJSON.encoder.encode(summary)) as? [String: Any])
        #expect(object["type"] as? String == "06" && object["emission"] as? String == "contingency")
        #expect(object["dgiStatus"] as? String == "authorized")
        #expect(try WireJSON.decoder.decode(DocumentSummary.self, from: WireJSON.encoder.encode(summary)) == summary)
    }

    @Test("an unknown state on the wire is refused, not read as some other state")
    func unknownState() throws {
        #expect(throws: DecodingError.self) { try WireJSON.decoder.decode([DGIState].self, from: Data(#"["approved"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try WireJSON.decoder.decode([DocumentFlag].self, from: Data(#"["SOMETHING"]"#.utf8)) }
    }

    @Test("N4: a broken offline rule becomes the flag of the same name")
    func flags() {
        for code in [ErrorCode.offlinePaymentMethod, .offlineWindowExpired, .offlineAfterSessionEnd, .offlineContingencyMismatch] {
            #expect(DocumentFlag(brokenRule: code).rawValue == code.rawValue)
        }
    }

    @Test("every case has a Spanish name, each its own")
    func spanishNames() {
        let sets: [[String]] = [DGIState.allCases.map(\.spanishName), Emission.allCases.map(\.spanishName),
                                Role.allCases.map(\.spanishName), DocumentType.allCases.map(\.spanishName),
                                [Payment.Method.cash, .creditCard, .debitCard, .transfer, .other].map(\.spanishName)]
        for names in sets {
            #expect(names.allSatisfy { !$0.isEmpty } && Set(names).count == names.count, "\(names)")
        }
        #expect(DGIState.rejected.spanishName == "Rechazado" && DocumentType.invoice.spanishName == "Factura")
    }

    @Test("dates are read with or without fractional seconds and written as whole-second ISO 8601")
    func dates() throws {
        let whole = try WireJSON.decoder.decode([Date].self, from: Data(#"["2026-03-14T15:30:00Z"]"#.utf8))
        let fraction = try WireJSON.decoder.decode([Date].self, from: Data(#"["2026-03-14T15:30:00.250Z"]"#.utf8))
        #expect(fraction[0].timeIntervalSince(whole[0]) == 0.25)
        #expect(String(decoding: try WireJSON.encoder.encode(whole), as: UTF8.self) == #"["2026-03-14T15:30:00Z"]"#)
        #expect(throws: DecodingError.self) { try WireJSON.decoder.decode([Date].self, from: Data(#"["14/03/2026"]"#.utf8)) }
    }
}
