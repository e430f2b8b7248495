import Crypto
import Foundation
import SwiftASN1
import _CryptoExtras

/// Reads a PKCS#12 (.p12/.pfx) file as certificate authorities and OpenSSL 3 write it:
/// PBES2 (PBKDF2 with HMAC-SHA-1/256, AES-128/192/256-CBC) for the shrouded key and the
/// encrypted certificates, and an HMAC-SHA-1/256 integrity MAC keyed with the PKCS#12 KDF.
/// The MAC is checked first, so a wrong password is reported as such. Legacy 3DES/RC2
/// encryption is refused with a message that says how to convert the file.
public enum PKCS12 {
    public struct Contents: Sendable {
        /// PKCS#8 DER of the private key.
        public var privateKeyDER: [UInt8]
        /// DER of every certificate in the file (the company's and, often, its chain).
        public var certificates: [[UInt8]]
    }

    public static func parse(_ data: Data, password: String) throws(CajaError) -> Contents {
        do {
            return try parseThrowing(Array(data), password: password)
        } catch let error as CajaError {
            throw error
        } catch {
            throw CajaError(.pkcs12Invalid, field: "pkcs12", "not a PKCS#12 file this server can read: \(error)")
        }
    }

    static let oidData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 1]
    static let oidEncryptedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 6]
    static let oidKeyBag: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 12, 10, 1, 1]
    static let oidShroudedKeyBag: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 12, 10, 1, 2]
    static let oidCertBag: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 12, 10, 1, 3]
    static let oidX509Certificate: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 22, 1]
    static let oidPBES2: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 5, 13]
    static let oidPBKDF2: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 5, 12]
    static let oidHmacSHA1: ASN1ObjectIdentifier = [1, 2, 840, 113549, 2, 7]
    static let oidHmacSHA256: ASN1ObjectIdentifier = [1, 2, 840, 113549, 2, 9]
    static let oidSHA1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
    static let oidSHA256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let aesCBC: [ASN1ObjectIdentifier: Int] = [
        [2, 16, 840, 1, 101, 3, 4, 1, 2]: 16, [2, 16, 840, 1, 101, 3, 4, 1, 22]: 24, [2, 16, 840, 1, 101, 3, 4, 1, 42]: 32,
    ]

    static func children(_ node: ASN1Node) throws -> [ASN1Node] {
        guard case .constructed(let collection) = node.content else { throw ASN1Error.invalidASN1Object(reason: "expected a constructed node") }
        return Array(collection)
    }

    static func octets(_ node: ASN1Node) throws -> [UInt8] {
        if case .primitive(let bytes) = node.content { return Array(bytes) }
        // Constructed (BER-style chunked) octet strings: concatenate the chunks.
        return try children(node).flatMap { try octets($0) }
    }

    static func explicit(_ node: ASN1Node) throws -> ASN1Node {
        guard let inner = try children(node).first else { throw ASN1Error.invalidASN1Object(reason: "empty [0]") }
        return inner
    }

    private static func parseThrowing(_ bytes: [UInt8], password: String) throws -> Contents {
        let pfx = try children(try BER.parse(bytes))
        guard pfx.count >= 2 else { throw ASN1Error.invalidASN1Object(reason: "PFX too short") }
        let authSafe = try children(pfx[1])
        guard try ASN1ObjectIdentifier(derEncoded: authSafe[0]) == oidData else {
            throw CajaError(.pkcs12Invalid, field: "pkcs12", "public-key integrity mode is not supported")
        }
        let authSafeContent = try octets(try explicit(authSafe[1]))
        if pfx.count >= 3 { try verifyMAC(pfx[2], content: authSafeContent, password: password) }

        var keys: [[UInt8]] = []
        var certificates: [[UInt8]] = []
        for contentInfo in try children(try BER.parse(authSafeContent)) {
            let parts = try children(contentInfo)
            let type = try ASN1ObjectIdentifier(derEncoded: parts[0])
            let safeContents: [UInt8]
            if type == oidData {
                safeContents = try octets(try explicit(parts[1]))
            } else if type == oidEncryptedData {
                let encryptedData = try children(try explicit(parts[1]))
                let info = try children(encryptedData[1])   // EncryptedContentInfo
                safeContents = try decrypt(algorithm: info[1], ciphertext: try octets(info[2]), password: password)
            } else {
                continue
            }
            for bag in try children(try BER.parse(safeContents)) {
                let fields = try children(bag)
                let bagType = try ASN1ObjectIdentifier(derEncoded: fields[0])
                let value = try explicit(fields[1])
                if bagType == oidKeyBag {
                    keys.append(Array(value.encodedBytes))
                } else if bagType == oidShroudedKeyBag {
                    let shrouded = try children(value)
                    keys.append(try decrypt(algorithm: shrouded[0], ciphertext: try octets(shrouded[1]), password: password))
                } else if bagType == oidCertBag {
                    let cert = try children(value)
                    if try ASN1ObjectIdentifier(derEncoded: cert[0]) == oidX509Certificate {
                        certificates.append(try octets(try explicit(cert[1])))
                    }
                }
            }
        }
        guard let key = keys.first else { throw CajaError(.pkcs12Invalid, field: "pkcs12", "the file has no private key") }
        guard !certificates.isEmpty else { throw CajaError(.pkcs12Invalid, field: "pkcs12", "the file has no certificate") }
        return Contents(privateKeyDER: key, certificates: certificates)
    }

    // MARK: - Integrity (MacData)

    private static func verifyMAC(_ node: ASN1Node, content: [UInt8], password: String) throws {
        let macData = try children(node)
        let digestInfo = try children(macData[0])
        let algorithm = try ASN1ObjectIdentifier(derEncoded: try children(digestInfo[0])[0])
        let expected = try octets(digestInfo[1])
        let salt = try octets(macData[1])
        let iterations = macData.count > 2 ? try Int(derEncoded: macData[2]) : 1
        let computed: [UInt8]
        if algorithm == oidSHA256 {
            let key = pkcs12KDF(SHA256.self, password: password, salt: salt, id: 3, iterations: iterations, length: 32)
            computed = Array(HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key)))
        } else if algorithm == oidSHA1 {
            let key = pkcs12KDF(Insecure.SHA1.self, password: password, salt: salt, id: 3, iterations: iterations, length: 20)
            computed = Array(HMAC<Insecure.SHA1>.authenticationCode(for: content, using: SymmetricKey(data: key)))
        } else {
            throw CajaError(.pkcs12Invalid, field: "pkcs12", "unsupported MAC algorithm \(algorithm)")
        }
        guard computed == expected else {
            throw CajaError(.pkcs12Password, field: "password", "the password does not open this PKCS#12 file")
        }
    }

    /// The PKCS#12 key derivation (RFC 7292, appendix B) with a BMPString password.
    static func pkcs12KDF<H: HashFunction>(_ hash: H.Type, password: String, salt: [UInt8], id: UInt8, iterations: Int, length: Int) -> [UInt8] {
        let v = H.blockByteCount
        var bmp: [UInt8] = []
        for unit in password.utf16 { bmp += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        bmp += [0, 0]
        func stretch(_ bytes: [UInt8]) -> [UInt8] {
            guard !bytes.isEmpty else { return [] }
            let count = v * ((bytes.count + v - 1) / v)
            return (0..<count).map { bytes[$0 % bytes.count] }
        }
        var i = stretch(salt) + stretch(password.isEmpty ? [] : bmp)
        let d = [UInt8](repeating: id, count: v)
        var output: [UInt8] = []
        while output.count < length {
            var a = Array(H.hash(data: d + i))
            for _ in 1..<max(1, iterations) { a = Array(H.hash(data: a)) }
            output += a
            let b = stretch(a)
            for block in stride(from: 0, to: i.count, by: v) {
                var carry = 1
                for k in stride(from: v - 1, through: 0, by: -1) {
                    let sum = Int(i[block + k]) + Int(b[k]) + carry
                    i[block + k] = UInt8(sum & 0xFF)
                    carry = sum >> 8
                }
            }
        }
        return Array(output.prefix(length))
    }

    // MARK: - PBES2

    private static func decrypt(algorithm node: ASN1Node, ciphertext: [UInt8], password: String) throws -> [UInt8] {
        let algorithm = try children(node)
        guard try ASN1ObjectIdentifier(derEncoded: algorithm[0]) == oidPBES2 else {
            throw CajaError(.pkcs12Invalid, field: "pkcs12",
                            "legacy PKCS#12 encryption (3DES/RC2) is not supported: re-export it with `openssl pkcs12 -export` (OpenSSL 3 uses AES)")
        }
        let parameters = try children(algorithm[1])
        let kdf = try children(parameters[0])
        guard try ASN1ObjectIdentifier(derEncoded: kdf[0]) == oidPBKDF2 else {
            throw CajaError(.pkcs12Invalid, field: "pkcs12", "PBES2 key derivation other than PBKDF2")
        }
        let kdfParameters = try children(kdf[1])
        let salt = try octets(kdfParameters[0])
        let iterations = try Int(derEncoded: kdfParameters[1])
        var prf = KDF.Insecure.PBKDF2.HashFunction.insecureSHA1
        for extra in kdfParameters.dropFirst(2) where extra.identifier == .sequence {
            let oid = try ASN1ObjectIdentifier(derEncoded: try children(extra)[0])
            if oid == oidHmacSHA256 { prf = .sha256 } else if oid != oidHmacSHA1 {
                throw CajaError(.pkcs12Invalid, field: "pkcs12", "unsupported PBKDF2 hash \(oid)")
            }
        }
        let scheme = try children(parameters[1])
        guard let keyLength = aesCBC[try ASN1ObjectIdentifier(derEncoded: scheme[0])] else {
            throw CajaError(.pkcs12Invalid, field: "pkcs12", "only AES-CBC encryption is supported")
        }
        let iv = try octets(scheme[1])
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: prf, outputByteCount: keyLength,
                                                    unsafeUncheckedRounds: iterations)
        do {
            return Array(try AES._CBC.decrypt(ciphertext, using: key, iv: try AES._CBC.IV(ivBytes: iv)))
        } catch {
            throw CajaError(.pkcs12Password, field: "password", "the password does not open this PKCS#12 file")
        }
    }
}
