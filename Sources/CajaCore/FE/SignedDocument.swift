/// A fiscal document as the DGI receives it: the signed rFE XML and what the receipt needs.
/// Also the same rFE before its signature (``FESigner/prepare(_:)``: no `Signature` yet, the
/// QR URL already final), as the server stores it until the DGI queue signs it.
public struct SignedDocument: Hashable, Sendable {
    /// The complete rFE: XML declaration, body, `Signature` (once signed), `gNoFirm`.
    public let xml: String
    public let cufe: CUFE
    /// Base64 SHA-256 digest of the signed content (the signature's DigestValue).
    public let digestValue: String
    /// The consultation URL printed as the receipt's QR code (gNoFirm/dQRCode).
    public let qrURL: String

    public init(xml: String, cufe: CUFE, digestValue: String, qrURL: String) {
        self.xml = xml
        self.cufe = cufe
        self.digestValue = digestValue
        self.qrURL = qrURL
    }
}
