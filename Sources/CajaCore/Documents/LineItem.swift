/// One line of a document (gItem): a product, how many, at what price and tax rate.
public struct LineItem: Hashable, Codable, Sendable {
    /// Internal product code (dCodProd), 1-20 characters; optional.
    public var code: String?
    /// Description (dDescProd), 2-500 characters.
    public var description: String
    /// dCantCodInt, greater than zero.
    public var quantity: Quantity
    /// Unit price before tax (dPrUnit).
    public var unitPrice: Money
    /// Discount per unit (dPrUnitDesc); zero when none.
    public var unitDiscount: Money
    /// dTasaITBMS
    public var rate: ITBMSRate
    /// Unit of measure of the quantity (cUnidad), a code of ``UnitOfMeasure``; optional, and
    /// absent from lines written before it existed.
    public var unit: String?

    public init(code: String? = nil, description: String, quantity: Quantity, unitPrice: Money,
                unitDiscount: Money = .zero, rate: ITBMSRate, unit: String? = nil) {
        self.code = code
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.unitDiscount = unitDiscount
        self.rate = rate
        self.unit = unit
    }

    /// The line's amounts, rounded with the product's one rule (see ``LineTotals``).
    public var totals: LineTotals { LineTotals(self) }

    func validate(field: String) throws(CajaError) {
        if let code { try TextRule.checkCode(code, field: "\(field).code", length: 1...20) }
        try TextRule.check(description, field: "\(field).description", length: 2...500)
        if let unit, !UnitOfMeasure.isValid(unit) {
            throw CajaError(.invalidUnit, field: "\(field).unit", "unit '\(unit)' is not in the DGI's catalog")
        }
        guard quantity.millionths > 0, quantity <= .maximum else {
            throw CajaError(.invalidQuantity, field: "\(field).quantity", "quantity must be above 0 and below 1e9")
        }
        guard !unitPrice.isNegative, unitPrice.cents < 100_000_000_000 else {
            throw CajaError(.invalidAmount, field: "\(field).unitPrice", "unit price must be 0 or more and below 1e9")
        }
        guard !unitDiscount.isNegative else {
            throw CajaError(.invalidAmount, field: "\(field).unitDiscount", "discount must not be negative")
        }
        guard unitDiscount <= unitPrice else {
            throw CajaError(.discountExceedsPrice, field: "\(field).unitDiscount", "discount \(unitDiscount) exceeds price \(unitPrice)")
        }
    }
}
