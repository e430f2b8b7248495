/// Point of sale (punto de facturación, dPtoFacDF): three digits 001-999. Each has its own
/// number sequence per document type.
public struct PointOfSale: Hashable, StringCoded, Sendable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) throws(CajaError) {
        guard code.count == 3, code.allSatisfy(\.isASCIIDigit), code != "000" else {
            throw CajaError(.invalidPointOfSale, field: "pointOfSale", "must be 3 digits 001-999, got '\(code)'")
        }
        self.code = code
    }

    public var description: String { code }

    public init(decoding text: String) throws(CajaError) { try self.init(text) }
    public var encoded: String { code }
}
