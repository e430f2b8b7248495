/// Decimal text <-> scaled integers, and the one rounding rule of the product.
///
/// Every amount in Caja is an integer scaled by a power of ten (money by 100, quantities by
/// 1,000,000). Rounding happens in exactly one place: ``roundHalfUp(_:dividingBy:)``.
public enum FixedPoint {
    /// Parses an optionally signed decimal with at most `scale` fraction digits into
    /// `value * 10^scale`. Refuses exponents, spaces, commas, empty parts and overflow.
    public static func parse(_ text: String, scale: Int) -> Int64? {
        var chars = Substring(text)
        var negative = false
        if chars.first == "-" {
            negative = true
            chars = chars.dropFirst()
        }
        let parts = chars.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 15, fraction.count <= scale else { return nil }
        if parts.count == 2 && fraction.isEmpty { return nil }
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        let padded = String(fraction) + String(repeating: "0", count: scale - fraction.count)
        guard let w = Int64(whole), let f = Int64(padded.isEmpty ? "0" : padded) else { return nil }
        let (scaled, overflow1) = w.multipliedReportingOverflow(by: pow10(scale))
        let (value, overflow2) = scaled.addingReportingOverflow(f)
        guard !overflow1, !overflow2 else { return nil }
        return negative ? -value : value
    }

    /// `value / 10^scale` with exactly `minDigits`..`scale` fraction digits (trailing zeros
    /// beyond `minDigits` removed).
    public static func format(_ value: Int64, scale: Int, minFractionDigits: Int? = nil) -> String {
        let minDigits = minFractionDigits ?? scale
        let magnitude = value.magnitude
        let divisor = UInt64(pow10(scale))
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        while fraction.count > minDigits, fraction.last == "0" { fraction.removeLast() }
        let sign = value < 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// The product's single rounding rule: round half away from zero ("half-up" on
    /// magnitudes), as a cashier rounds 0.005 to 0.01. `numerator / divisor`, divisor > 0.
    public static func roundHalfUp(_ numerator: Int128, dividingBy divisor: Int128) -> Int128 {
        precondition(divisor > 0, "divisor must be positive")
        let magnitude = numerator.magnitude
        let d = divisor.magnitude
        let q = magnitude / d
        let r = magnitude % d
        let rounded = r * 2 >= d ? q + 1 : q
        let signed = Int128(rounded)
        return numerator < 0 ? -signed : signed
    }

    static func pow10(_ n: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }
}
