import Crypto
import Foundation
import X509
import _CryptoExtras

/// Verifies the XML signature of a signed rFE as ``FESigner`` lays it out: canonical XML,
/// `Signature` in the default XML-DSig namespace right after `gTot`, then `gNoFirm`.
///
/// It recomputes the Reference digest (the document without `Signature` and `gNoFirm`),
/// checks it against `DigestValue`, and checks `SignatureValue` over the canonical
/// `SignedInfo` with the public key of the certificate in `KeyInfo`. A document laid out any
/// other way (re-indented, or signed by another tool) is reported as not verifiable rather
/// than canonicalized here: the DGI simulator is its only user, and xmlsec1 proves in the
/// tests that the layout is a standard XML-DSig signature.
public enum FEVerifier {
    public struct Result: Sendable, Equatable {
        public var digestValue: String
        public var certificate: Certificate
    }

    public static func verify(_ xml: String) throws(CajaError) -> Result {
        var text = Substring(xml)
        if text.hasPrefix("<?xml") { text = text[(text.firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex)...] }
        let signatureOpen = "<Signature xmlns=\"\(FESigner.dsigNamespace)\">"
        guard let signatureStart = text.byteRange(of: signatureOpen),
              let signatureEnd = text.byteRange(of: "</Signature>", in: signatureStart.upperBound..<text.endIndex) else {
            throw fail("no enveloped Signature where the layout puts it")
        }
        let signedContent = String(text[..<signatureStart.lowerBound]) + "</rFE>"
        let signature = text[signatureStart.upperBound..<signatureEnd.lowerBound]
        guard let signedInfo = between(signature, "<SignedInfo>", "</SignedInfo>", inclusive: true),
              let digestValue = between(signature, "<DigestValue>", "</DigestValue>"),
              let signatureValue = between(signature, "<SignatureValue>", "</SignatureValue>").flatMap({ Data(base64Encoded: String($0)) }),
              let certificateDER = between(signature, "<X509Certificate>", "</X509Certificate>").flatMap({ Data(base64Encoded: String($0)) })
        else { throw fail("Signature lacks SignedInfo, DigestValue, SignatureValue or X509Certificate") }

        let digest = Data(SHA256.hash(data: Data(signedContent.utf8))).base64EncodedString()
        guard digest == digestValue else { throw fail("the document does not match its digest (edited after signing)") }
        // SignedInfo is canonicalized on its own, with the namespace it inherits from Signature.
        let canonicalSignedInfo = "<SignedInfo xmlns=\"\(FESigner.dsigNamespace)\">" + signedInfo.dropFirst("<SignedInfo>".count)
        guard canonicalSignedInfo == FESigner.signedInfo(digestValue: String(digestValue), namespaceDeclaration: true) else {
            throw fail("SignedInfo names other algorithms or transforms than the DGI's")
        }
        let certificate: Certificate
        do { certificate = try Certificate(derEncoded: Array(certificateDER)) } catch {
            throw CajaError(.certificateInvalid, field: "Signature", "the X509Certificate cannot be read")
        }
        guard let key = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw CajaError(.certificateInvalid, field: "Signature", "the certificate's key is not RSA")
        }
        let valid = key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signatureValue),
                                         for: Data(canonicalSignedInfo.utf8), padding: .insecurePKCS1v1_5)
        guard valid else { throw fail("SignatureValue does not verify with the certificate's key") }
        return Result(digestValue: String(digestValue), certificate: certificate)
    }

    static func between(_ text: Substring, _ open: String, _ close: String, inclusive: Bool = false) -> Substring? {
        guard let start = text.byteRange(of: open), let end = text.byteRange(of: close, in: start.upperBound..<text.endIndex) else { return nil }
        return inclusive ? text[start.lowerBound..<end.upperBound] : text[start.upperBound..<end.lowerBound]
    }

    static func fail(_ detail: String) -> CajaError { CajaError(.signatureInvalid, field: "Signature", detail) }
}
