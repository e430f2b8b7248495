/// The DGI's check digits of a RUC (dígito verificador, dDV): two modulo-11 digits over the
/// RUC written as a fixed-width string of digits (the DGI's "Algoritmo para el cálculo del
/// dígito verificador de la RUC").
///
/// Covered forms, the ones published RUC/DV pairs confirm (see `RUCCheckDigitTests`):
/// - a legal entity (persona jurídica) `A-B-C`, written as A in 10 digits, B in 4 and C in
///   6; an "old" RUC (digits 4 and 5 of that string are 0 and digit 6 is below 5) first has
///   its digits 6-7 replaced through the DGI's cross-reference table, and its weights skip 12;
/// - a Panamanian identity card (cédula) `P-T-A` with a 1-2 digit province, written as
///   `0000005`, P in 2 digits, `00`, T in 3 and A in 5.
///
/// Forms with letters (`E-`, `N-`, `PE-`, `AV`, `PI`, `NT`) are not checked: the published
/// implementations disagree on their letter codes, and a wrong rule would refuse a real RUC.
/// ``expected(for:)`` answers nil for them.
public enum RUCCheckDigit {
    /// The two check digits of `ruc`, or nil for a form the algorithm above does not cover.
    public static func expected(for ruc: String) -> String? {
        let parts = ruc.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        var digits: [Int]
        var old = false
        if parts[0].count <= 2 {
            digits = Self.digits("0000005") + padded(parts[0], 2) + [0, 0] + padded(parts[1], 3) + padded(parts[2], 5)
        } else {
            digits = padded(parts[0], 10) + padded(parts[1], 4) + padded(parts[2], 6)
            old = digits[3] == 0 && digits[4] == 0 && digits[5] < 5
            if old, let replaced = crossReference[digits[5] * 10 + digits[6]] {
                digits[5] = replaced / 10
                digits[6] = replaced % 10
            }
        }
        let first = checkDigit(digits, old: old)
        let second = checkDigit(digits + [first], old: old)
        return "\(first)\(second)"
    }

    /// Whether `dv` is the DGI's check digits of `ruc`; true for a form that is not checked.
    public static func matches(ruc: String, dv: String) -> Bool {
        guard let expected = expected(for: ruc) else { return true }
        return expected == dv
    }

    /// Weights 2, 3, 4… from the rightmost digit (an old RUC uses 11 twice and never 12);
    /// a remainder of 0 or 1 gives 0, any other r gives 11 - r.
    static func checkDigit(_ digits: [Int], old: Bool) -> Int {
        var total = 0
        for (index, digit) in digits.reversed().enumerated() {
            var weight = index + 2
            if old, weight >= 12 { weight -= 1 }
            total += weight * digit
        }
        let remainder = total % 11
        return remainder < 2 ? 0 : 11 - remainder
    }

    private static func digits(_ text: some StringProtocol) -> [Int] {
        text.compactMap(\.wholeNumberValue)
    }

    /// `text`'s digits, left-padded with zeros to `width` (a longer text is kept whole).
    private static func padded(_ text: Substring, _ width: Int) -> [Int] {
        Array(repeating: 0, count: max(0, width - text.count)) + digits(text)
    }

    /// The DGI's cross-reference of an old legal entity's digits 6-7.
    private static let crossReference: [Int: Int] = [
        0: 0, 10: 1, 11: 2, 12: 3, 13: 4, 14: 5, 15: 6, 16: 7, 17: 8, 18: 9, 19: 1, 20: 2, 21: 3, 22: 4, 23: 7, 24: 8, 25: 9,
        26: 2, 27: 3, 28: 4, 29: 5, 30: 6, 31: 7, 32: 8, 33: 9, 34: 1, 35: 2, 36: 3, 37: 4, 38: 5, 39: 6, 40: 7, 41: 8, 42: 9,
        43: 1, 44: 2, 45: 3, 46: 4, 47: 5, 48: 6, 49: 7,
    ]
}
