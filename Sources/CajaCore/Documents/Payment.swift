/// A payment (gFormaPago) of a document.
public struct Payment: Hashable, Codable, Sendable {
    /// Payment method (iFormaPago).
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// 02: contado, efectivo.
        case cash = "02"
        /// 03: tarjeta de crédito.
        case creditCard = "03"
        /// 04: tarjeta de débito.
        case debitCard = "04"
        /// 08: transferencia / depósito a cuenta bancaria.
        case transfer = "08"
        /// 99: otro; needs a description of 10-100 characters.
        case other = "99"

        public var dgiCode: String { rawValue }
    }

    public var method: Method
    /// Amount received by this method (dVlrCuota).
    public var amount: Money
    /// dFormaPagoDesc, only for ``Method/other``.
    public var description: String?

    public init(method: Method, amount: Money, description: String? = nil) {
        self.method = method
        self.amount = amount
        self.description = description
    }

    public static func cash(_ amount: Money) -> Payment { Payment(method: .cash, amount: amount) }

    func validate(field: String) throws(CajaError) {
        guard amount.cents > 0, amount.cents < 10_000_000_000_000 else {
            throw CajaError(.invalidAmount, field: "\(field).amount", "payment amount must be above 0.00")
        }
        switch (method, description) {
        case (.other, nil):
            throw CajaError(.paymentDescriptionRequired, field: "\(field).description", "method 99 needs a description")
        case (.other, let text?):
            do { try TextRule.check(text, field: "\(field).description", length: 10...100) } catch {
                throw CajaError(.paymentDescriptionRequired, field: "\(field).description", error.detail)
            }
        case (_, .some):
            throw CajaError(.invalidText, field: "\(field).description", "only method 99 (other) takes a description")
        case (_, nil):
            break
        }
    }
}
