import Crypto
import Foundation

/// Signs fiscal documents as the DGI requires: an enveloped XML signature (XML-DSig) with
/// RSA-SHA256, a SHA-256 digest, Canonical XML 1.0 and the X.509 certificate in KeyInfo;
/// then `gNoFirm/dQRCode` with the consultation URL.
///
/// `gNoFirm` comes after `Signature` in the schema ("campos fuera de la firma") and holds the
/// digest, so it cannot be inside what is signed. The Reference therefore has two
/// transforms: enveloped-signature and an XPath filter that leaves out `gNoFirm`. Any
/// XML-DSig verifier (xmlsec1 in our tests) verifies the finished document as it is.
///
/// The XML is written already canonical (``CanonicalXMLBuilder``), so the digest is taken
/// over the written bytes without re-parsing.
public struct FESigner: Sendable {
    public var credentials: SigningCredentials
    public var qrCode: QRCode

    public init(credentials: SigningCredentials, qrCode: QRCode) {
        self.credentials = credentials
        self.qrCode = qrCode
    }

    static let dsigNamespace = "http://www.w3.org/2000/09/xmldsig#"
    static let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let xpathFilter = "http://www.w3.org/TR/1999/REC-xpath-19991116"
    static let excludeUnsigned = "not(ancestor-or-self::fe:gNoFirm)"
    static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    public func sign(_ document: FiscalDocument) throws(CajaError) -> SignedDocument {
        var body = CanonicalXMLBuilder()
        RFEWriter.writeBody(of: document, into: &body)
        return try sign(body: body, cufe: document.cufe, environment: document.issuer.environment)
    }

    /// Signs an rFE body given as canonical text (the document up to and including gTot,
    /// without the closing tag). For the DGI simulator's tests, which must send documents
    /// CajaCore itself refuses to build (each rule code needs one); production code signs
    /// ``FiscalDocument``s.
    public func sign(rawBody: String, cufe: CUFE, environment: Environment) throws(CajaError) -> SignedDocument {
        try sign(body: CanonicalXMLBuilder(raw: rawBody), cufe: cufe, environment: environment)
    }

    func sign(body: CanonicalXMLBuilder, cufe: CUFE, environment: Environment) throws(CajaError) -> SignedDocument {
        let digestValue = Self.digest(of: body)
        var xml = body
        try appendSignature(to: &xml, digestValue: digestValue)
        let qrURL = qrCode.url(cufe: cufe, environment: environment, digestValue: digestValue)
        xml.group("gNoFirm") { xml in xml.element("dQRCode", qrURL) }
        xml.close("rFE")
        return SignedDocument(xml: Self.declaration + xml.output, cufe: cufe, digestValue: digestValue, qrURL: qrURL)
    }

    /// The rFE as it will be sent, without its `Signature` yet: the body, then `gNoFirm` with
    /// the QR URL. The QR needs only the Reference's digest, which is taken over the body, not
    /// the RSA signature, so the receipt's QR and the CUFE are final here (issue 16, item 2:
    /// documents are stored unsigned and the DGI queue signs them). No RSA: cheap.
    public func prepare(_ document: FiscalDocument) -> SignedDocument {
        var body = CanonicalXMLBuilder()
        RFEWriter.writeBody(of: document, into: &body)
        let digestValue = Self.digest(of: body)
        let qrURL = qrCode.url(cufe: document.cufe, environment: document.issuer.environment, digestValue: digestValue)
        var xml = body
        xml.group("gNoFirm") { xml in xml.element("dQRCode", qrURL) }
        xml.close("rFE")
        return SignedDocument(xml: Self.declaration + xml.output, cufe: document.cufe, digestValue: digestValue, qrURL: qrURL)
    }

    /// Signs an rFE as ``prepare(_:)`` wrote it (or re-signs a signed one): the `Signature`
    /// goes between the body and `gNoFirm`, and `gNoFirm` is kept as stored, so the signed
    /// document carries the very QR URL its receipt printed. The body's digest must be the
    /// one in that QR URL: a stored document that no longer matches its receipt is refused
    /// (``ErrorCode/signatureInvalid``), never sent.
    public func sign(preparedXML xml: String, cufe: CUFE) throws(CajaError) -> SignedDocument {
        guard xml.hasPrefix(Self.declaration), let tail = xml.byteRange(of: "<gNoFirm>"),
              let qrStart = xml.byteRange(of: "<dQRCode>", in: tail.upperBound..<xml.endIndex),
              let qrEnd = xml.byteRange(of: "</dQRCode>", in: qrStart.upperBound..<xml.endIndex) else {
            throw CajaError(.invalidXML, "the stored rFE has no gNoFirm/dQRCode")
        }
        let bodyEnd = xml.byteRange(of: "<Signature", in: xml.startIndex..<tail.lowerBound)?.lowerBound ?? tail.lowerBound
        let body = CanonicalXMLBuilder(raw: String(xml[xml.index(xml.startIndex, offsetBy: Self.declaration.count)..<bodyEnd]))
        let digestValue = Self.digest(of: body)
        let qrURL = String(xml[qrStart.upperBound..<qrEnd.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
        guard qrURL.contains("digestValue=\(QRCode.percentEncode(digestValue))&") else {
            throw CajaError(.signatureInvalid, "the stored rFE's body does not match the digest of its QR code")
        }
        var signed = body
        try appendSignature(to: &signed, digestValue: digestValue)
        return SignedDocument(xml: Self.declaration + signed.output + String(xml[tail.lowerBound...]), cufe: cufe,
                              digestValue: digestValue, qrURL: qrURL)
    }

    /// What the Reference digests: the document without Signature and gNoFirm, i.e. the body
    /// closed right after gTot.
    static func digest(of body: CanonicalXMLBuilder) -> String {
        Data(SHA256.hash(data: Data((body.output + "</rFE>").utf8))).base64EncodedString()
    }

    /// The enveloped `Signature` over a body whose digest is `digestValue`.
    func appendSignature(to xml: inout CanonicalXMLBuilder, digestValue: String) throws(CajaError) {
        // SignedInfo as canonicalized on its own: it inherits the default namespace of
        // Signature, which C14N writes on it.
        let signedInfo = Self.signedInfo(digestValue: digestValue, namespaceDeclaration: true)
        let signatureValue = try credentials.signRSASHA256(Data(signedInfo.utf8)).base64EncodedString()
        let certificate = credentials.certificateBase64
        xml.group("Signature", ["xmlns": Self.dsigNamespace]) { xml in
            xml.raw(Self.signedInfo(digestValue: digestValue, namespaceDeclaration: false))
            xml.element("SignatureValue", signatureValue)
            xml.group("KeyInfo") { xml in
                xml.group("X509Data") { xml in xml.element("X509Certificate", certificate) }
            }
        }
    }

    /// Whether the certificate is past its validity at `now` (the business clock): the DGI
    /// queue signs nothing with an expired one (issue 14, *Certificado*).
    public func certificateExpired(at now: Date) -> Bool {
        credentials.certificate.notValidAfter < now
    }

    static func signedInfo(digestValue: String, namespaceDeclaration: Bool) -> String {
        var xml = CanonicalXMLBuilder()
        let attributes: KeyValuePairs<String, String> = namespaceDeclaration ? ["xmlns": dsigNamespace] : [:]
        xml.group("SignedInfo", attributes) { xml in
            xml.group("CanonicalizationMethod", ["Algorithm": c14n]) { _ in }
            xml.group("SignatureMethod", ["Algorithm": rsaSHA256]) { _ in }
            xml.group("Reference", ["URI": ""]) { xml in
                xml.group("Transforms") { xml in
                    xml.group("Transform", ["Algorithm": envelopedSignature]) { _ in }
                    xml.group("Transform", ["Algorithm": xpathFilter]) { xml in
                        xml.group("XPath", ["xmlns:fe": RFEWriter.namespace]) { xml in
                            xml.raw(CanonicalXMLBuilder.escapeText(excludeUnsigned))
                        }
                    }
                }
                xml.group("DigestMethod", ["Algorithm": sha256]) { _ in }
                xml.element("DigestValue", digestValue)
            }
        }
        return xml.output
    }
}

extension FESigner {
    /// ``prepare(_:)`` for a batch (a sync upload, a group of online documents).
    public func prepare(_ documents: [FiscalDocument]) -> [SignedDocument] { documents.map { prepare($0) } }

    /// Signs many documents on every core: RSA-2048 dominates the cost of a signed document
    /// (BENCHMARKS.md, 5), so a batch (a sync upload, a group of online documents) is split
    /// into one slice per processor. The answer is in the order of `documents`.
    public func sign(_ documents: [FiscalDocument]) async throws -> [SignedDocument] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, documents.count))
        guard workers > 1 else { return try documents.map { try sign($0) } }
        let size = (documents.count + workers - 1) / workers
        let signer = self
        return try await withThrowingTaskGroup(of: (Int, [SignedDocument]).self) { group in
            for start in stride(from: 0, to: documents.count, by: size) {
                let slice = Array(documents[start..<min(documents.count, start + size)])
                group.addTask { (start, try slice.map { try signer.sign($0) }) }
            }
            var parts: [(Int, [SignedDocument])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
