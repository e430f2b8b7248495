/// The company that issues the document (emisor, gEmis), as of one branch.
public struct Issuer: Hashable, Codable, Sendable {
    public var taxID: TaxpayerID
    /// Legal name (dNombEm), up to 100 characters.
    public var name: String
    /// Branch code (dSucEm), 4 letters or digits, e.g. `0001`.
    public var branch: String
    /// Branch coordinates (dCoordEm) as the DGI writes them: `+8.9824,-79.5199`.
    public var coordinates: String
    /// Branch address (dDirecEm), up to 100 characters.
    public var address: String
    public var location: Location
    /// Phone numbers (dTfnEm), 1 to 3, `123-4567` or `6123-4567`.
    public var phones: [String]
    /// Environment (iAmb) the company is registered in.
    public var environment: Environment
    /// The issuer's e-mail (dCorElectEmi, optional), written in every document when set.
    public var email: String?

    public init(taxID: TaxpayerID, name: String, branch: String, coordinates: String, address: String,
                location: Location, phones: [String], environment: Environment, email: String? = nil) {
        self.taxID = taxID
        self.name = name
        self.branch = branch
        self.coordinates = coordinates
        self.address = address
        self.location = location
        self.phones = phones
        self.environment = environment
        self.email = email
    }

    public func validate() throws(CajaError) {
        try taxID.validate(field: "issuer.taxID")
        try TextRule.check(name, field: "issuer.name", length: 1...100)
        guard branch.count == 4, branch.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw CajaError(.invalidBranch, field: "issuer.branch", "branch must be 4 letters or digits, got '\(branch)'")
        }
        guard Self.isValidCoordinates(coordinates) else {
            throw CajaError(.invalidText, field: "issuer.coordinates", "coordinates must look like +8.9824,-79.5199")
        }
        try TextRule.check(address, field: "issuer.address", length: 1...100)
        try location.validate(field: "issuer.location")
        guard (1...3).contains(phones.count) else {
            throw CajaError(.invalidPhone, field: "issuer.phones", "1 to 3 phone numbers are required")
        }
        for (index, phone) in phones.enumerated() where !Self.isValidPhone(phone) {
            throw CajaError(.invalidPhone, field: "issuer.phones[\(index)]", "'\(phone)' is not 123-4567 or 1234-5678")
        }
        if let email, !Self.isValidEmail(email) {
            throw CajaError(.invalidEmail, field: "issuer.email", "'\(email)' is not an e-mail address the DGI schema accepts")
        }
    }

    /// The schema's emailType, in ASCII: a local part of letters, digits, `.`, `_`, `-` that
    /// starts with a letter or digit; `@`; labels of 2 or more letters, digits, `_`, `-` that
    /// start and end with a letter or digit; a last label of 2-9 letters. 100 characters at most.
    static func isValidEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 100, text.allSatisfy(\.isASCII), parts.count == 2 else { return false }
        let isAlphanumeric: (Character) -> Bool = { $0.isLetter || $0.isNumber }
        let local = parts[0]
        guard let first = local.first, isAlphanumeric(first),
              local.allSatisfy({ isAlphanumeric($0) || ".-_".contains($0) }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, (2...9).contains(top.count), top.allSatisfy(\.isLetter) else { return false }
        return labels.dropLast().allSatisfy { label in
            label.count >= 2 && isAlphanumeric(label.first ?? "-") && isAlphanumeric(label.last ?? "-")
                && label.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" }
        }
    }

    /// The schema's telefonoType: 3 or 4 digits, a hyphen, 4 digits.
    static func isValidPhone(_ phone: String) -> Bool {
        let parts = phone.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && (3...4).contains(parts[0].count) && parts[1].count == 4
            && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }

    /// The schema's dCoordEm: `[+-]d{1,2}.d{4,6},-dd.d{4,6}` (Panama is west of Greenwich).
    static func isValidCoordinates(_ text: String) -> Bool {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, text.count <= 22 else { return false }
        func decimal(_ s: Substring, integerDigits: ClosedRange<Int>) -> Bool {
            let pieces = s.split(separator: ".", omittingEmptySubsequences: false)
            return pieces.count == 2 && integerDigits.contains(pieces[0].count) && (4...6).contains(pieces[1].count)
                && pieces.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
        }
        var latitude = parts[0]
        if latitude.first == "+" || latitude.first == "-" { latitude = latitude.dropFirst() }
        let longitude = parts[1]
        return decimal(latitude, integerDigits: 1...2) && longitude.first == "-" && decimal(longitude.dropFirst(), integerDigits: 2...2)
    }
}
