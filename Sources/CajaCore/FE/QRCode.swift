import Crypto
import Foundation

/// The consultation URL of a document (gNoFirm/dQRCode):
/// `BASE?chFE=<CUFE>&iAmb=<1|2>&digestValue=<DigestValue>&jwt=<HS256 JWT>`, where the JWT's
/// claims are `{chFE, iAmb, digestValue}` and its key is the issuer's QR secret.
///
/// The base64 digest is percent-encoded in the query (`+`, `/`, `=` would otherwise be
/// misread); the JWT claim carries it as is.
public struct QRCode: Sendable {
    /// The DGI's consultation page; the test host is not confirmed, so it is configurable.
    public static let productionBaseURL = "https://dgi-fep.mef.gob.pa/Consultas/FacturasPorQR"

    public var baseURL: String
    public var secret: SymmetricKey

    public init(secret: SymmetricKey, baseURL: String = QRCode.productionBaseURL) {
        self.secret = secret
        self.baseURL = baseURL
    }

    public func url(cufe: CUFE, environment: Environment, digestValue: String) -> String {
        let token = jwt(cufe: cufe, environment: environment, digestValue: digestValue)
        return "\(baseURL)?chFE=\(cufe.value)&iAmb=\(environment.dgiCode)&digestValue=\(Self.percentEncode(digestValue))&jwt=\(token)"
    }

    /// HS256 JWT over `{"chFE":...,"iAmb":...,"digestValue":...}`. The values are ASCII
    /// without quotes or backslashes (CUFE, a digit, base64), so they need no JSON escaping.
    public func jwt(cufe: CUFE, environment: Environment, digestValue: String) -> String {
        let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims = #"{"chFE":"\#(cufe.value)","iAmb":"\#(environment.dgiCode)","digestValue":"\#(digestValue)"}"#
        let signingInput = header + "." + Self.base64URL(Data(claims.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: secret)
        return signingInput + "." + Self.base64URL(Data(mac))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingBytes { byte in
            switch byte {
            case UInt8(ascii: "+"): "-"
            case UInt8(ascii: "/"): "_"
            case UInt8(ascii: "="): ""
            default: nil
            }
        }
    }

    static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}
