/// A Panamanian taxpayer identity: RUC type, RUC and check digits (DV).
public struct TaxpayerID: Hashable, Codable, Sendable {
    /// Kind of taxpayer (dTipoRuc).
    public enum Kind: String, Codable, Sendable {
        /// 1: natural person.
        case natural = "1"
        /// 2: legal entity (persona jurídica).
        case legalEntity = "2"
    }

    public var kind: Kind
    /// RUC (dRuc), 5-20 characters in one of the DGI's forms (`8-123-456`, `PE-...`, `155-1-2017`).
    public var ruc: String
    /// Verification digits (dDV), two digits.
    public var dv: String

    public init(kind: Kind, ruc: String, dv: String) {
        self.kind = kind
        self.ruc = ruc
        self.dv = dv
    }

    /// Checks the RUC and DV against the forms the DGI schema accepts.
    /// - Parameter field: the path to name in the error, e.g. `issuer.taxID`.
    public func validate(field: String) throws(CajaError) {
        guard Self.isValidRUC(ruc) else {
            throw CajaError(.invalidRUC, field: "\(field).ruc", "RUC '\(ruc)' is not in a form the DGI accepts")
        }
        guard dv.count == 2, dv.allSatisfy(\.isASCIIDigit) else {
            throw CajaError(.invalidRUC, field: "\(field).dv", "DV must be two digits, got '\(dv)'")
        }
    }

    /// Checks the DV against the DGI's check-digit algorithm (``RUCCheckDigit``), after
    /// ``validate(field:)``. For the company's own RUC (setup, command line, Configuración):
    /// a document's receiver is checked by the DGI itself.
    public func validateCheckDigits(field: String) throws(CajaError) {
        try validate(field: field)
        guard RUCCheckDigit.matches(ruc: ruc, dv: dv) else {
            throw CajaError(.wrongCheckDigits, field: "\(field).dv", "DV '\(dv)' is not the check digits of RUC '\(ruc)'")
        }
    }

    /// The RUC forms of the schema's dRuc pattern, written out: digits and hyphens
    /// (`8-888-8888`, `155596713-2-2015`), or a prefix PE-/N-/E-/[dd-]AV-/[dd-]NT-/[dd-]PI-
    /// followed by digits and hyphens; 5 to 20 characters in all.
    static func isValidRUC(_ ruc: String) -> Bool {
        guard (5...20).contains(ruc.count), ruc.allSatisfy(\.isASCII) else { return false }
        let isDigitsOrHyphen: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0 == "-" || $0.isASCIIDigit } }
        let text = Substring(ruc)
        if isDigitsOrHyphen(text) { return true }
        for prefix in ["PE-", "N-", "E-", "NT-", "PI-"] where text.hasPrefix(prefix) {
            return isDigitsOrHyphen(text.dropFirst(prefix.count))
        }
        // 1-2 digits then -AV-, -NT-, -PI- (or PI- directly after the digits).
        let leading = text.prefix(while: \.isASCIIDigit)
        guard (1...2).contains(leading.count) else { return false }
        let rest = text.dropFirst(leading.count)
        for infix in ["-AV-", "-NT-", "-PI-", "PI-"] where rest.hasPrefix(infix) {
            return isDigitsOrHyphen(rest.dropFirst(infix.count))
        }
        return false
    }
}
