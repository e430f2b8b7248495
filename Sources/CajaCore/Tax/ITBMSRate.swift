/// ITBMS (Impuesto de Transferencia de Bienes Muebles y Servicios) rate of a line,
/// with its DGI code (dTasaITBMS).
public enum ITBMSRate: String, CaseIterable, Codable, Sendable {
    /// 0 %, exempt (exento). DGI code 00.
    case exempt = "00"
    /// 7 %, the general rate. DGI code 01.
    case general = "01"
    /// 10 %, alcoholic drinks and lodging. DGI code 02.
    case reduced10 = "02"
    /// 15 %, tobacco. DGI code 03.
    case tobacco = "03"

    /// The DGI code written in dTasaITBMS.
    public var dgiCode: String { rawValue }

    /// The rate in percent.
    public var percent: Int {
        switch self {
        case .exempt: 0
        case .general: 7
        case .reduced10: 10
        case .tobacco: 15
        }
    }

    /// The rate for a percentage (0, 7, 10, 15), or nil for any other.
    public init?(percent: Int) {
        guard let rate = Self.allCases.first(where: { $0.percent == percent }) else { return nil }
        self = rate
    }

    /// The tax on a net amount, rounded with the product's one rule.
    public func tax(on net: Money) -> Money {
        Money(cents: Int64(FixedPoint.roundHalfUp(Int128(net.cents) * Int128(percent), dividingBy: 100)))
    }
}
