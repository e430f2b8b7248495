/// A place in Panama by the DGI's location code (gUbiEm / gUbiRec): code `P-D-C`
/// (province-district-corregimiento, from the schema's list) and the three names.
public struct Location: Hashable, Codable, Sendable {
    /// dCodUbi, e.g. `8-8-8` (Panamá, Panamá, San Francisco).
    public var code: String
    /// dCorreg
    public var corregimiento: String
    /// dDistr
    public var district: String
    /// dProv
    public var province: String

    public init(code: String, corregimiento: String, district: String, province: String) {
        self.code = code
        self.corregimiento = corregimiento
        self.district = district
        self.province = province
    }

    /// The code must be one of the DGI's catalog (the schema's dCodUbi type lists them); the
    /// names are free text (the catalog's, or the same with accents).
    func validate(field: String) throws(CajaError) {
        _ = try LocationCatalog.require(code, field: "\(field).code")
        try TextRule.check(corregimiento, field: "\(field).corregimiento", length: 1...50)
        try TextRule.check(district, field: "\(field).district", length: 1...50)
        try TextRule.check(province, field: "\(field).province", length: 1...50)
    }
}
