import CajaCore
import Foundation

/// What an owner gives to set up a company from nothing (issue 14): the setup page of a new
/// server and `caja-server company create` both fill one and hand it to
/// ``CompanyService/register(_:firstSetup:)``. It becomes a ``CompanySetup``, the same value
/// the demo seed uses, so every start with demo data runs the same creation code.
public struct CompanyRegistration: Sendable {
    public var tradeName: String
    public var legalName: String
    public var kind: TaxpayerID.Kind
    public var ruc: String
    public var dv: String
    public var branch: String = "0001"
    public var address: String
    public var location: Location
    public var coordinates: String
    public var phone: String
    /// All phones (1 to 3) when more than `phone` is given.
    public var phones: [String]?
    public var environment: Environment = .test
    /// The issuer's e-mail (dCorElectEmi), optional.
    public var email: String?
    /// The first points of sale (at least one, so a cashier can log in).
    public var pointsOfSale: [String] = ["001"]
    public var adminUser: String
    public var adminPassword: String

    public static let minimumPasswordLength = 10

    /// The one password rule of every new user (the setup, the command line, the settings):
    /// 10 to 200 characters.
    static func checkPassword(_ password: String, field: String) throws(CajaError) {
        guard (minimumPasswordLength...200).contains(password.count) else {
            throw CajaError(.passwordTooShort, field: field, "the password needs \(minimumPasswordLength) to 200 characters")
        }
    }

    /// A login name taken on this server (names are unique across its companies).
    static func nameTaken(_ name: String, field: String) -> CajaError {
        CajaError(.usernameTaken, field: field, "user name '\(name)' is taken on this server")
    }

    public init(tradeName: String, legalName: String, kind: TaxpayerID.Kind, ruc: String, dv: String, address: String,
                location: Location, coordinates: String, phone: String, adminUser: String, adminPassword: String) {
        self.tradeName = tradeName
        self.legalName = legalName
        self.kind = kind
        self.ruc = ruc
        self.dv = dv
        self.address = address
        self.location = location
        self.coordinates = coordinates
        self.phone = phone
        self.adminUser = adminUser
        self.adminPassword = adminPassword
    }

    /// A company described as *Configuración › Empresa* describes it (the setup page's form
    /// and the settings page share their fields), with its first admin.
    public init(_ settings: CompanySettings, adminUser: String, adminPassword: String) {
        self.init(tradeName: settings.tradeName, legalName: settings.legalName, kind: settings.kind, ruc: settings.ruc, dv: settings.dv,
                  address: settings.address, location: Location(code: settings.locationCode, corregimiento: "", district: "", province: ""),
                  coordinates: settings.coordinates, phone: settings.phones.first ?? "", adminUser: adminUser, adminPassword: adminPassword)
        branch = settings.branch
        phones = settings.phones
        email = settings.email
        environment = settings.environment.environment
    }

    /// The company to create, every field checked with the domain's rules; the first admin
    /// is its only user (cashiers and supervisors are added in the panel afterwards).
    func setup() throws(CajaError) -> CompanySetup {
        try Identifier.check(tradeName, field: "tradeName", length: 1...100)
        let issuer = Issuer(taxID: TaxpayerID(kind: kind, ruc: ruc, dv: dv), name: legalName, branch: branch, coordinates: coordinates,
                            address: address, location: try Self.place(location), phones: phones ?? [phone], environment: environment,
                            email: email)
        try Self.check(issuer)
        guard !pointsOfSale.isEmpty else { throw CajaError(.invalidPointOfSale, field: "pointsOfSale", "give at least one point of sale") }
        for point in pointsOfSale { _ = try PointOfSale(point) }
        try Identifier.check(adminUser, field: "adminUser", length: 1...100)
        try Self.checkPassword(adminPassword, field: "adminPassword")
        return CompanySetup(name: tradeName, issuer: issuer, pointsOfSale: pointsOfSale, products: [],
                            users: [(adminUser, adminPassword, .admin)])
    }

    /// The checks of a company's own issuer data, beyond those of every document: the DV is
    /// the DGI's check digits of the RUC. The setup, the command line and *Configuración ›
    /// Empresa* all call it.
    static func check(_ issuer: Issuer) throws(CajaError) {
        try issuer.taxID.validateCheckDigits(field: "issuer.taxID")
        try issuer.validate()
    }

    /// The place of a location code from the DGI's catalog: a name left empty is the
    /// catalog's; an unknown code is ``ErrorCode/unknownLocation``.
    static func place(_ location: Location) throws(CajaError) -> Location {
        let known = try LocationCatalog.require(location.code, field: "issuer.location.code")
        return Location(code: known.code, corregimiento: location.corregimiento.isEmpty ? known.corregimiento : location.corregimiento,
                        district: location.district.isEmpty ? known.district : location.district,
                        province: location.province.isEmpty ? known.province : location.province)
    }
}
