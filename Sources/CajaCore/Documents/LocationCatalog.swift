/// The DGI's catalog of places (ubicaciones, `FE_ubicaciones_v1.00.xsd`): the only location
/// codes (dCodUbi) the schema accepts, each with its province, district and corregimiento.
/// The table is generated once from the schema by `scripts/gen-ubicaciones.py`.
public enum LocationCatalog {
    /// Every place, in code order (province, district, corregimiento as numbers).
    public static let all: [Location] = table.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4 else { return nil }
        return Location(code: fields[0], corregimiento: fields[3], district: fields[2], province: fields[1])
    }

    private static let byCode: [String: Location] = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The place of a code, with the catalog's names; nil for a code the DGI does not list.
    public static func location(code: String) -> Location? { byCode[code] }

    /// The place of `code`, or ``ErrorCode/unknownLocation`` naming `field`.
    public static func require(_ code: String, field: String) throws(CajaError) -> Location {
        guard let place = location(code: code) else {
            throw CajaError(.unknownLocation, field: field, "'\(code)' is not a code of the DGI's ubicaciones catalog")
        }
        return place
    }
}
