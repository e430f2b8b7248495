@testable import CajaCore
import Testing

/// The DGI's RUC check digits (issue 14, item 2: "the DV checked with the DGI's algorithm,
/// tested against published RUC/DV pairs"). Every pair below is published by a third party;
/// a DV published as one digit ("DV 2") is the two-digit DV "02".
@Suite("RUC check digits (DV)")
struct RUCCheckDigitTests {
    /// Legal entities found published online, as collected in python-stdnum's tests
    /// (github.com/arthurdejong/python-stdnum, tests/test_pa_ruc.doctest, "These have been
    /// found online and should all be valid numbers"), including old RUCs (cross-reference).
    static let stdnumPairs: [(String, String)] = [
        ("253-92-57027", "76"), ("155587169-2-2014", "09"), ("32812-2-249262", "63"), ("155625946-2-2016", "00"),
        ("130-377-34706", "02"), ("58223-2-855", "04"), ("356-146-78600", "90"), ("1870951-1-1751", "18"),
        ("30746-002-240130", "72"), ("2117539-1-759645", "39"), ("46004-187-302083", "96"), ("410-0018-001604", "26"),
        ("36101-76-262338", "11"), ("2251567-0001-781630", "00"), ("702-437-15272", "87"), ("4265-60-58061", "00"),
        ("3724-0103-053659", "43"), ("6763-10-76640", "08"), ("196-8-47222", "21"), ("2978-2-46909", "09"),
        ("155630598-2-2016", "30"), ("155628291-2-2016", "32"), ("155650394-2-2017", "14"), ("155698228-2-2020", "68"),
        ("155660844-2-2018", "03"), ("155604680-2-2015", "00"), ("43059-0023-290396", "70"), ("2064-63-38048", "00"),
        ("1724590-1-691090", "93"), ("990445-1-534073", "00"), ("356-19-77860", "12"), ("8075-10-85775", "49"),
    ]

    @Test("published legal-entity RUC/DV pairs (python-stdnum's collection of numbers found online)", arguments: stdnumPairs)
    func legalEntities(_ ruc: String, _ dv: String) {
        #expect(RUCCheckDigit.expected(for: ruc) == dv, "\(ruc)")
    }

    /// - apple314159/panama-dv, tests/test_ruc.py (from the DGI's DV_RUC.pdf): legal entities
    ///   and the identity card 8-442-445 DV 08.
    /// - panama-ruc-dv-calculator on PyPI (pypi.org/project/panama-ruc-dv-calculator): the
    ///   identity card 1-184-921 DV 49 and the legal entity 2588017-1-831938 DV 20.
    @Test("published pairs of identity cards and legal entities from two more implementations", arguments: [
        ("8-442-445", "08"), ("1-184-921", "49"), ("2588017-1-831938", "20"), ("61302-14-123411", "22"), ("1102-85-117211", "95"),
        ("2486589-1-816994", "62"), ("1830234-1-710357", "82"), ("64296-75-357434", "00"), ("203141-1-17214", "60"),
        ("1075137-1-553125", "18"), ("11947-1-0229562", "42"),
    ])
    func othersPublished(_ ruc: String, _ dv: String) {
        #expect(RUCCheckDigit.expected(for: ruc) == dv, "\(ruc)")
    }

    @Test("the demo company's RUC has a valid DV; a wrong DV is refused naming the field dv")
    func wrongDV() throws {
        #expect(RUCCheckDigit.matches(ruc: "155704849-2-2021", dv: "32"))
        let wrong = TaxpayerID(kind: .legalEntity, ruc: "253-92-57027", dv: "73")
        #expect(throws: CajaError(.wrongCheckDigits, field: "issuer.taxID.dv", "DV '73' is not the check digits of RUC '253-92-57027'")) {
            try wrong.validateCheckDigits(field: "issuer.taxID")
        }
        for dv in ["26", "23", "00", "99"] { #expect(!RUCCheckDigit.matches(ruc: "253-92-57027", dv: dv)) }
    }

    @Test("forms with letters are checked for format only (the published rules disagree)")
    func lettersNotChecked() {
        for ruc in ["PE-10-442", "N-45-832", "E-12-342", "8-NT-1-123", "8-AV-123-456"] {
            #expect(RUCCheckDigit.expected(for: ruc) == nil, "\(ruc)")
        }
    }
}

@Suite("DGI ubicaciones catalog")
struct LocationCatalogTests {
    @Test("the catalog has the DGI's 641 places with their names; a province with a hyphen keeps it; an unknown code is refused")
    func catalog() throws {
        #expect(LocationCatalog.all.count == 641)
        #expect(LocationCatalog.location(code: "8-8-7") == Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMA",
                                                                     province: "PANAMA"))
        #expect(LocationCatalog.location(code: "12-9-2")?.province == "COMARCA NGÄBE-BUGLÉ")
        #expect(LocationCatalog.location(code: "12-9-2")?.corregimiento == "ALTO BILINGUE (GDOGUESHIA)")
        #expect(LocationCatalog.location(code: "8-8-99") == nil)
        #expect(throws: CajaError.self) { try LocationCatalog.require("99-1-1", field: "issuer.location.code") }
        #expect(Set(LocationCatalog.all.map(\.code)).count == 641)
        for place in LocationCatalog.all {
            #expect([place.province, place.district, place.corregimiento].allSatisfy { (1...50).contains($0.unicodeScalars.count) })
        }
    }

    @Test("an e-mail the DGI schema accepts (dCorElectEmi)", arguments: [
        ("ventas@ferreteria.com.pa", true), ("a.b-c_d@mi-tienda.pa", true), ("sin-arroba.com", false), ("x@y.c", false),
        ("x@dominio", false), ("@dominio.com", false), ("ñu@dominio.com", false), ("x@a.com", false),
    ])
    func email(_ text: String, _ valid: Bool) {
        #expect(Issuer.isValidEmail(text) == valid, "\(text)")
    }
}
