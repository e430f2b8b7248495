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

    func validate(field: String) throws(CajaError) {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw CajaError(.invalidText, field: "\(field).code", "location code must look like 8-8-8")
        }
        try TextRule.check(corregimiento, field: "\(field).corregimiento", length: 1...50)
        try TextRule.check(district, field: "\(field).district", length: 1...50)
        try TextRule.check(province, field: "\(field).province", length: 1...50)
    }
}
