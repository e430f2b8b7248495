import CajaCore
import Crypto
import Foundation
import Testing

/// Issue 16, item 2: a document is written unsigned when it is stored (``FESigner/prepare(_:)``)
/// and signed later by the DGI queue (``FESigner/sign(preparedXML:cufe:)``).
@Suite("Unsigned rFE, signed later")
struct PreparedSigningTests {
    @Test("prepared then signed is byte for byte the document signed at once; the QR is final before the signature")
    func sameAsSigningAtOnce() throws {
        let signer = SchemaAndSignatureTests.signer
        for (name, document) in try SchemaAndSignatureTests.documents() {
            let prepared = signer.prepare(document)
            #expect(!prepared.xml.contains("<Signature"), "\(name)")
            let direct = try signer.sign(document)
            #expect(prepared.qrURL == direct.qrURL && prepared.digestValue == direct.digestValue, "\(name)")
            let later = try signer.sign(preparedXML: prepared.xml, cufe: document.cufe)
            #expect(later == direct, "\(name)")
            // Signing a signed one again (a retry after a signature rejection) changes nothing.
            #expect(try signer.sign(preparedXML: later.xml, cufe: document.cufe) == direct, "\(name)")
        }
    }

    @Test("a re-signature with a new key keeps the stored QR; a body that no longer matches its QR is refused")
    func keepsQRAndRefusesMismatch() throws {
        let document = try Fixtures.offlineInvoice()
        let prepared = SchemaAndSignatureTests.signer.prepare(document)
        let other = FESigner(credentials: try SigningCredentials.selfSigned(commonName: "Otra", organization: "Otra S.A.", now: Date()),
                             qrCode: QRCode(secret: SymmetricKey(data: Data("another-secret".utf8))))
        let resigned = try other.sign(preparedXML: prepared.xml, cufe: document.cufe)
        #expect(resigned.qrURL == prepared.qrURL)
        let total = "<dVTot>\(document.totals.total)</dVTot>"
        let edited = prepared.xml.replacingOccurrences(of: total, with: "<dVTot>1.00</dVTot>")
        #expect(throws: CajaError.self) { try other.sign(preparedXML: edited, cufe: document.cufe) }
    }

    @Test("a certificate is expired only after its notValidAfter")
    func expiry() throws {
        let now = Date(timeIntervalSince1970: 1_773_502_200)
        let credentials = try SigningCredentials.selfSigned(commonName: "Caja", organization: "Caja S.A.", now: now, validity: 3600)
        let signer = FESigner(credentials: credentials, qrCode: QRCode(secret: SymmetricKey(data: Data("s".utf8))))
        #expect(!signer.certificateExpired(at: now.addingTimeInterval(3599)))
        #expect(signer.certificateExpired(at: now.addingTimeInterval(3601)))
    }
}
