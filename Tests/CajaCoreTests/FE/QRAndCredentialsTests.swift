@testable import CajaCore
import Crypto
import Foundation
import Testing

@Suite("QR code, signing credentials and Panama time")
struct QRAndCredentialsTests {
    let secret = SymmetricKey(data: Data("secreto-qr-de-la-empresa".utf8))

    @Test("gNoFirm/dQRCode holds the URL with CUFE, iAmb, the signature's digest and a verifiable HS256 JWT")
    func qrURL() throws {
        let document = try Fixtures.offlineInvoice()
        let signer = FESigner(credentials: SchemaAndSignatureTests.credentials, qrCode: QRCode(secret: secret))
        let signed = try signer.sign(document)
        #expect(signed.xml.contains("<DigestValue>\(signed.digestValue)</DigestValue>"))
        let escapedURL = signed.qrURL.replacingOccurrences(of: "&", with: "&amp;")
        #expect(signed.xml.contains("<gNoFirm><dQRCode>\(escapedURL)</dQRCode></gNoFirm></rFE>"))

        let components = try #require(URLComponents(string: signed.qrURL))
        #expect(components.host == "dgi-fep.mef.gob.pa")
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["chFE"] == document.cufe.value)
        #expect(query["iAmb"] == "2")
        #expect(query["digestValue"] == signed.digestValue)   // percent-decoded back to base64

        // Verify the JWT independently: HMAC-SHA256 over header.payload with the secret.
        let parts = try #require(query["jwt"]).split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(parts[0]).\(parts[1])".utf8), using: secret)
        #expect(Self.base64URLDecode(parts[2]) == Data(mac))
        let payload = try #require(Self.base64URLDecode(parts[1]))
        let claims = try #require(JSONSerialization.jsonObject(with: payload) as? [String: String])
        #expect(claims == ["chFE": document.cufe.value, "iAmb": "2", "digestValue": signed.digestValue])
        let headerData = try #require(Self.base64URLDecode(parts[0]))
        let header = try #require(JSONSerialization.jsonObject(with: headerData) as? [String: String])
        #expect(header["alg"] == "HS256")
    }

    @Test("the digest covers the document: a different document has a different digest; the same one is stable")
    func digestIsOverContent() throws {
        let signer = FESigner(credentials: SchemaAndSignatureTests.credentials, qrCode: QRCode(secret: secret))
        let document = try Fixtures.offlineInvoice()
        let a = try signer.sign(document)
        let b = try signer.sign(document)
        #expect(a.digestValue == b.digestValue)
        #expect(a.xml == b.xml)   // RSA PKCS#1 v1.5 is deterministic
        #expect(try signer.sign(Fixtures.offlineGenericCreditNote()).digestValue != a.digestValue)
    }

    @Test("a key that does not match the certificate is refused")
    func mismatchedKey() throws {
        let other = try SigningCredentials.selfSigned(commonName: "Otra", organization: "Otra S.A.", now: Fixtures.morning)
        do {
            _ = try SigningCredentials(privateKeyPEM: other.privateKeyPEM,
                                       certificatePEM: SchemaAndSignatureTests.credentials.certificatePEM)
            Issue.record("mismatched key accepted")
        } catch {
            #expect(error.code == .keyCertificateMismatch)
        }
        // The matching pair loads back from PEM.
        let again = try SigningCredentials(privateKeyPEM: other.privateKeyPEM, certificatePEM: other.certificatePEM)
        #expect(again.certificate == other.certificate)
    }

    @Test("garbage PEM is refused with the field named")
    func garbagePEM() {
        do { _ = try SigningCredentials(privateKeyPEM: "no", certificatePEM: "no"); Issue.record("accepted") } catch {
            #expect(error.code == .signingKeyInvalid)
            #expect(error.field == "privateKey")
        }
        do {
            _ = try SigningCredentials(privateKeyPEM: SchemaAndSignatureTests.credentials.privateKeyPEM, certificatePEM: "no")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .certificateInvalid)
        }
    }

    @Test("times are written in Panama time, UTC-05:00, and read back")
    func panamaTime() throws {
        // 2026-03-15 03:30 UTC is still the 14th in Panama.
        let lateNight = Date(timeIntervalSince1970: 1_773_545_400)
        #expect(PanamaTime.dgiTimestamp(lateNight) == "2026-03-14T22:30:00-05:00")
        #expect(PanamaTime.compactDate(lateNight) == "20260314")
        #expect(PanamaTime.parseDGITimestamp("2026-03-14T22:30:00-05:00") == lateNight)
        #expect(PanamaTime.parseDGITimestamp("2026-03-15T03:30:00+00:00") == lateNight)
        #expect(PanamaTime.parseDGITimestamp("2026-03-14T22:30:00Z") == nil)
        #expect(PanamaTime.dgiTimestamp(Date(timeIntervalSince1970: 0)) == "1969-12-31T19:00:00-05:00")
        forAll { rng, _ in
            let date = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 0...4_102_444_800, using: &rng)))
            #expect(PanamaTime.parseDGITimestamp(PanamaTime.dgiTimestamp(date)) == date)
        }
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
