/// `GET /v1/admin/company` (admin, supervisor): the company's settings, the location's names
/// from the DGI's catalog, and whether it signs with its own certificate (production needs it).
public struct CompanyView: Codable, Sendable, Equatable {
    public var settings: CompanySettings
    public var location: Location
    /// False while the company signs with the certificate Caja generated for it.
    public var ownCertificate: Bool

    public init(settings: CompanySettings, location: Location, ownCertificate: Bool) {
        self.settings = settings
        self.location = location
        self.ownCertificate = ownCertificate
    }
}
