/// A quantity of a product (dCantCodInt) with up to six decimals (kilos, litres, hours),
/// held as millionths. The schema allows up to 9 integer digits and 6 decimals.
public struct Quantity: Hashable, Comparable, Sendable {
    public static let scale = 6
    static let unit: Int64 = 1_000_000

    /// The quantity in millionths.
    public var millionths: Int64

    public init(millionths: Int64) { self.millionths = millionths }

    /// A whole number of units.
    public init(_ units: Int) { self.millionths = Int64(units) * Self.unit }

    /// Parses `"2"`, `"1.5"`, `"0.125"`; at most six decimals.
    public init?(_ text: String) {
        guard let value = FixedPoint.parse(text, scale: Self.scale) else { return nil }
        self.millionths = value
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.millionths < rhs.millionths }

    /// Largest quantity the schema can carry (9 integer digits).
    public static let maximum = Quantity(millionths: 999_999_999_999_999)
}

extension Quantity: CustomStringConvertible {
    /// At least two decimals, at most six: `2.00`, `1.50`, `0.125`.
    public var description: String { FixedPoint.format(millionths, scale: Self.scale, minFractionDigits: 2) }
}

extension Quantity: StringCoded {
    public init(decoding text: String) throws(CajaError) {
        guard let value = Quantity(text) else {
            throw CajaError(.invalidQuantity, "'\(text)' is not a quantity with at most six decimals")
        }
        self = value
    }

    public var encoded: String { description }
}
