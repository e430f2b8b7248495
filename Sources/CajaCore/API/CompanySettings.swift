/// `PUT /v1/admin/company` (admin): the company's data as *Configuración › Empresa* edits it.
/// The location's names come from the DGI's catalog for `locationCode`.
public struct CompanySettings: Codable, Sendable, Equatable {
    /// The DGI environment the company issues in (iAmb).
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case test
        case production

        public var environment: Environment { self == .test ? .test : .production }

        public init(_ environment: Environment) { self = environment == .test ? .test : .production }
    }

    /// Trade name (nombre comercial), shown in the panel and on receipts.
    public var tradeName: String
    /// Legal name as in the RUC (dNombEm).
    public var legalName: String
    public var kind: TaxpayerID.Kind
    public var ruc: String
    /// Check digits, checked with the DGI's algorithm.
    public var dv: String
    public var branch: String
    public var address: String
    public var coordinates: String
    /// dCodUbi from the DGI's ubicaciones catalog, e.g. `8-8-7`.
    public var locationCode: String
    /// 1 to 3 phones, `123-4567` or `6123-4567`.
    public var phones: [String]
    public var email: String?
    /// Production needs the company's own certificate uploaded first.
    public var environment: Mode

    public init(tradeName: String, legalName: String, kind: TaxpayerID.Kind, ruc: String, dv: String, branch: String, address: String,
                coordinates: String, locationCode: String, phones: [String], email: String?, environment: Mode) {
        self.tradeName = tradeName
        self.legalName = legalName
        self.kind = kind
        self.ruc = ruc
        self.dv = dv
        self.branch = branch
        self.address = address
        self.coordinates = coordinates
        self.locationCode = locationCode
        self.phones = phones
        self.email = email
        self.environment = environment
    }

    /// The settings of a company with this trade name and issuer.
    public init(tradeName: String, issuer: Issuer) {
        self.init(tradeName: tradeName, legalName: issuer.name, kind: issuer.taxID.kind, ruc: issuer.taxID.ruc, dv: issuer.taxID.dv,
                  branch: issuer.branch, address: issuer.address, coordinates: issuer.coordinates, locationCode: issuer.location.code,
                  phones: issuer.phones, email: issuer.email, environment: Mode(issuer.environment))
    }
}
