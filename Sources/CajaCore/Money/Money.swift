/// An amount of money in balboas (PAB, at par with the US dollar), held as an integer count
/// of hundredths (centésimos). Never a binary floating-point number.
///
/// On the wire (JSON) and in the rFE XML an amount is a decimal string with exactly two
/// decimals, e.g. `"12.50"`.
public struct Money: Hashable, Comparable, Sendable {
    /// The amount in hundredths of a balboa.
    public var cents: Int64

    public init(cents: Int64) {
        self.cents = cents
    }

    public static let zero = Money(cents: 0)

    /// Parses `"12"`, `"12.5"`, `"12.50"`, `"-3.10"`. At most two decimals: money typed by a
    /// person or sent by a client is never rounded silently.
    public init?(_ text: String) {
        guard let fixed = FixedPoint.parse(text, scale: 2) else { return nil }
        self.cents = fixed
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.cents += rhs.cents }
    public static prefix func - (value: Money) -> Money { Money(cents: -value.cents) }

    public var isNegative: Bool { cents < 0 }
}

extension Money: CustomStringConvertible {
    /// Two decimals, dot separator, no grouping: `1234.50`. The format of the XML and the API.
    public var description: String { FixedPoint.format(cents, scale: 2) }
}

extension Money: StringCoded {
    public init(decoding text: String) throws(CajaError) {
        guard let value = Money(text) else {
            throw CajaError(.invalidAmount, "'\(text)' is not an amount with at most two decimals")
        }
        self = value
    }

    public var encoded: String { description }
}
