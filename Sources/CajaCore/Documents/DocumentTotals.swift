/// The totals of a document (gTot), computed from its rounded lines and its payments.
///
/// Rounding rule (the product's only one, see ``LineTotals``): each line is rounded half-up
/// to cents; every total here is a plain sum of rounded line amounts. So the printed lines
/// always add up to the printed total, and the DGI's check `dVTot = Σ dValTotItem` holds
/// exactly.
public struct DocumentTotals: Hashable, Sendable {
    /// dTotNeto: Σ line net amounts.
    public var net: Money
    /// dTotITBMS: Σ line ITBMS.
    public var itbms: Money
    /// dTotGravado: ITBMS + ISC; Caja does not handle ISC, so equal to ``itbms``.
    public var taxed: Money { itbms }
    /// dVTot: net + ITBMS.
    public var total: Money { net + itbms }
    /// dVTotItems: Σ line totals (equals ``total``; kept separate because the schema has both).
    public var itemsTotal: Money
    /// dTotRec: Σ payments.
    public var received: Money
    /// dVuelto: received − total when positive, given back in cash.
    public var change: Money { received > total ? received - total : .zero }
    /// dNroItems
    public var itemCount: Int
    /// ITBMS per rate, for receipts and the Z report (only rates present).
    public var itbmsByRate: [ITBMSRate: Money]

    public init(lines: [LineItem], payments: [Payment]) {
        var net = Money.zero, itbms = Money.zero, itemsTotal = Money.zero
        var byRate: [ITBMSRate: Money] = [:]
        for line in lines {
            let t = line.totals
            net += t.net
            itbms += t.itbms
            itemsTotal += t.total
            byRate[line.rate, default: .zero] += t.itbms
        }
        self.net = net
        self.itbms = itbms
        self.itemsTotal = itemsTotal
        self.received = payments.map(\.amount).sum()
        self.itemCount = lines.count
        self.itbmsByRate = byRate
    }

    /// Immediate payment (iPzPag 1): Caja sells for cash, card or transfer at the till.
    var paymentTerm: String { "1" }
}
