/// The amounts of one line. The rounding rule of the product, applied once per line:
/// `net = quantity × (unitPrice − unitDiscount)` rounded half-up to cents (dPrItem);
/// `itbms = net × rate` rounded half-up to cents (dValITBMS); `total = net + itbms`
/// (dValTotItem). Document totals are sums of these rounded line amounts, never re-rounded.
public struct LineTotals: Hashable, Sendable {
    /// dPrItem
    public var net: Money
    /// dValITBMS
    public var itbms: Money
    /// dValTotItem
    public var total: Money { net + itbms }

    init(_ line: LineItem) {
        let price = Int128((line.unitPrice - line.unitDiscount).cents)
        let cents = FixedPoint.roundHalfUp(price * Int128(line.quantity.millionths), dividingBy: Int128(Quantity.unit))
        net = Money(cents: Int64(cents))
        itbms = line.rate.tax(on: net)
    }
}
