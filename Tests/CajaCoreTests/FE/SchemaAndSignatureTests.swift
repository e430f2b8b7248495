import CajaCore
import Crypto
import CajaTestSupport
import Foundation
import Testing

/// Every XML Caja emits must pass the DGI's schema (xmllint) and its signature must verify
/// (xmlsec1); an edit after signing must be caught.
@Suite("rFE XML: DGI schema and XML-DSig")
struct SchemaAndSignatureTests {
    /// One throwaway key and self-signed certificate for the suite.
    static let credentials: SigningCredentials = {
        do { return try SigningCredentials.selfSigned(commonName: "Caja Test", organization: "Caja Pruebas S.A.", now: Date()) }
        catch { fatalError("cannot create test credentials: \(error)") }
    }()
    static let signer = FESigner(credentials: credentials,
                                 qrCode: QRCode(secret: SymmetricKey(data: Data("qr-secret-for-tests".utf8))))

    static func documents() throws -> [(String, FiscalDocument)] {
        let online = try Fixtures.onlineTaxpayerInvoice()
        return [
            ("01 offline consumidor final", try Fixtures.offlineInvoice()),
            ("06 offline consumidor final", try Fixtures.offlineGenericCreditNote()),
            ("01 online taxpayer card+cash", online),
            ("04 referencing an invoice", try Fixtures.creditNote(referencing: online)),
        ]
    }

    @Test("every document validates against FE_v1.00.xsd and its signature verifies")
    func validatesAndVerifies() throws {
        for (name, document) in try Self.documents() {
            let signed = try Self.signer.sign(document)
            let schema = try XMLTools.validate(signed.xml)
            #expect(schema.status == 0, "\(name): xmllint says: \(schema.output)")
            let signature = try XMLTools.verifySignature(signed.xml, certificatePEM: Self.credentials.certificatePEM)
            #expect(signature.status == 0, "\(name): xmlsec1 says: \(signature.output)")
        }
    }

    @Test("an amount edited after signing fails xmlsec1 verification")
    func tamperedAmountIsRejected() throws {
        let signed = try Self.signer.sign(try Fixtures.offlineInvoice())
        let total = "<dVTot>\(try Fixtures.offlineInvoice().totals.total)</dVTot>"
        #expect(signed.xml.contains(total))
        let tampered = signed.xml.replacingOccurrences(of: total, with: "<dVTot>1.00</dVTot>")
        #expect(tampered != signed.xml)
        // Still schema-valid, so only the signature can catch it.
        #expect(try XMLTools.validate(tampered).status == 0)
        let result = try XMLTools.verifySignature(tampered, certificatePEM: Self.credentials.certificatePEM)
        #expect(result.status != 0, "xmlsec1 accepted an edited document: \(result.output)")
    }
}
