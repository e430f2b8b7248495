/// Código Único de Factura Electrónica: the 66-character identity of a fiscal document.
///
/// `FE` + iDoc(2) + dTipoRuc(1) + RUC left-padded with `0` to 20 + `-` + DV(2) + dSucEm(4)
/// + date AAAAMMDD(8) + dNroDF(10) + dPtoFacDF(3) + iTpEmis(2) + iAmb(1) + dSeg(9) + check
/// digit(1). The check digit is a Luhn (mod 10) over everything after `FE`, where a
/// non-digit counts as the second digit of its ASCII code (`-` = 45 → 5).
public struct CUFE: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public static let length = 66

    /// Builds the CUFE of a document from its parts. The parts are assumed valid (they come
    /// from a validated document).
    public init(documentType: String, rucKind: String, ruc: String, dv: String, branch: String,
                compactDate: String, number: DocumentNumber, pointOfSale: PointOfSale,
                emissionType: String, environment: String, securityCode: SecurityCode) {
        let paddedRUC = String(repeating: "0", count: max(0, 20 - ruc.count)) + ruc
        let body = documentType + rucKind + paddedRUC + "-" + dv + branch + compactDate + number.description
            + pointOfSale.code + emissionType + environment + securityCode.value
        value = "FE" + body + String(Self.checkDigit(of: body))
    }

    /// Parses and verifies a CUFE: length, the fixed parts' forms and the check digit.
    public init(parsing text: String) throws(CajaError) {
        let chars = Array(text)
        guard chars.count == Self.length, text.hasPrefix("FE"), chars.allSatisfy(\.isASCII) else {
            throw CajaError(.invalidCUFE, field: "cufe", "a CUFE has 66 ASCII characters and starts with FE")
        }
        func part(_ start: Int, _ length: Int) -> String { String(chars[start..<(start + length)]) }
        func digits(_ start: Int, _ length: Int) -> Bool { chars[start..<(start + length)].allSatisfy(\.isASCIIDigit) }
        guard digits(2, 2), ["1", "2"].contains(part(4, 1)), chars[25] == "-", digits(26, 2),
              digits(32, 8), digits(40, 10), digits(50, 3), digits(53, 2), ["1", "2"].contains(part(55, 1)),
              digits(56, 9), digits(65, 1) else {
            throw CajaError(.invalidCUFE, field: "cufe", "a fixed part of the CUFE is malformed")
        }
        let body = part(2, 63)
        guard Self.checkDigit(of: body) == Int(part(65, 1)) else {
            throw CajaError(.cufeCheckDigit, field: "cufe", "check digit does not match")
        }
        value = text
    }

    /// iDoc
    public var documentType: String { slice(2, 2) }
    /// RUC as written in the CUFE (left-padded with zeros to 20).
    public var paddedRUC: String { slice(5, 20) }
    public var dv: String { slice(26, 2) }
    public var branch: String { slice(28, 4) }
    /// AAAAMMDD
    public var compactDate: String { slice(32, 8) }
    public var number: String { slice(40, 10) }
    public var pointOfSale: String { slice(50, 3) }
    /// iTpEmis
    public var emissionType: String { slice(53, 2) }
    /// iAmb
    public var environment: String { slice(55, 1) }
    public var securityCode: String { slice(56, 9) }

    public var description: String { value }

    private func slice(_ start: Int, _ length: Int) -> String {
        let utf8 = value.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: start)
        return String(decoding: utf8[from..<utf8.index(from, offsetBy: length)], as: UTF8.self)
    }

    /// Luhn over `body`, rightmost character first: odd positions doubled (a two-digit product
    /// adds its digits), then `(10 - sum % 10) % 10`. A non-digit counts as the second digit
    /// of its ASCII code.
    public static func checkDigit(of body: String) -> Int {
        var sum = 0
        for (position, scalar) in body.unicodeScalars.reversed().enumerated() {
            var value = digitValue(scalar)
            if position % 2 == 0 {
                value *= 2
                if value > 9 { value = value / 10 + value % 10 }
            }
            sum += value
        }
        return (10 - sum % 10) % 10
    }

    static func digitValue(_ scalar: Unicode.Scalar) -> Int {
        if (48...57).contains(scalar.value) { return Int(scalar.value - 48) }
        let code = Array(String(scalar.value))
        return code.count >= 2 ? Int(String(code[1])) ?? 0 : Int(String(code[0])) ?? 0
    }
}

extension CUFE: StringCoded {
    public init(decoding text: String) throws(CajaError) { try self.init(parsing: text) }
    public var encoded: String { value }
}
