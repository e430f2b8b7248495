/// The billing method used at the till. Offline only allows the cash-register one (O4).
public enum BillingMethod: String, Codable, Sendable {
    /// Caja registradora: quick sale by product code to a consumidor final.
    case cashRegister = "caja_registradora"
    /// Factura completa: customer data, discounts, several payments.
    case fullInvoice = "factura_completa"
}
