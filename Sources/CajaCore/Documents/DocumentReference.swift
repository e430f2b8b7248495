import Foundation

/// A reference from a credit note (04) to the invoice it corrects (gDFRef with gDFRefFE).
public struct DocumentReference: Hashable, Codable, Sendable {
    /// CUFE of the referenced document (dCUFERef).
    public var cufe: String
    /// When the referenced document was issued (dFechaDFRef).
    public var issuedAt: Date
    /// Legal name of the referenced document's issuer (dNombEmRef).
    public var issuerName: String
    public var issuerTaxID: TaxpayerID

    public init(cufe: String, issuedAt: Date, issuerName: String, issuerTaxID: TaxpayerID) {
        self.cufe = cufe
        self.issuedAt = issuedAt
        self.issuerName = issuerName
        self.issuerTaxID = issuerTaxID
    }
}
