import Foundation

/// A product of the catalog.
///
/// `barcode` and `unit` came later (issue 14): they are optional on the wire, so a catalog a
/// register stored before them still decodes, and a product without them encodes as before.
public struct Product: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    /// Unit price before ITBMS.
    public var price: Money
    public var rate: ITBMSRate
    /// The code printed on the package (EAN/UPC or the shop's own), unique in the company.
    public var barcode: String?
    /// Unit of measure from the DGI's catalog (``UnitOfMeasure``), written as `cUnidad` on the lines that sell it.
    public var unit: String?

    public init(code: String, name: String, price: Money, rate: ITBMSRate, barcode: String? = nil, unit: String? = nil) {
        self.code = code
        self.name = name
        self.price = price
        self.rate = rate
        self.barcode = barcode
        self.unit = unit
    }
}
