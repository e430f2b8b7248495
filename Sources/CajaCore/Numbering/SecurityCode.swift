/// The 9-digit security code of a document (código de seguridad, dSeg): random per document,
/// never all zeros. It is part of the CUFE.
public struct SecurityCode: Hashable, StringCoded, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) throws(CajaError) {
        guard value.count == 9, value.allSatisfy(\.isASCIIDigit), value != "000000000" else {
            throw CajaError(.invalidSecurityCode, field: "securityCode", "must be 9 digits, not all zero")
        }
        self.value = value
    }

    /// A fresh code from the given random source (tests pass a seeded one).
    public static func random(using generator: inout some RandomNumberGenerator) -> SecurityCode {
        let number = Int.random(in: 1...999_999_999, using: &generator)
        // 9 digits, zero-padded, never all zero: always a valid code.
        return SecurityCode(unchecked: PanamaTime.pad(Int64(number), 9))
    }

    private init(unchecked value: String) { self.value = value }

    public var description: String { value }

    public init(decoding text: String) throws(CajaError) { try self.init(text) }
    public var encoded: String { value }
}
