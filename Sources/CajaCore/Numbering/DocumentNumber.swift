/// A fiscal document number (dNroDF): 1 to 9,999,999,999, written with 10 digits.
public struct DocumentNumber: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let value: Int64
    public static let range: ClosedRange<Int64> = 1...9_999_999_999

    public init(_ value: Int64) throws(CajaError) {
        guard Self.range.contains(value) else {
            throw CajaError(.invalidNumber, field: "number", "must be 1...9999999999, got \(value)")
        }
        self.value = value
    }

    /// The 10-digit form of the XML and the CUFE.
    public var description: String { PanamaTime.pad(value, 10) }

    public static func < (lhs: DocumentNumber, rhs: DocumentNumber) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int64.self)
        do { try self.init(value) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.detail))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
